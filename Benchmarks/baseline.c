/* The physical limit of the workbook stage: libxlsxwriter in constant-memory mode writing ROWS
 * rows of 8 cells (2 numbers, 6 strings) with nothing else going on.
 * Build and run: cc -O2 baseline.c $(pkg-config --cflags --libs xlsxwriter) && ./a.out 1000000 OUT.xlsx */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: baseline ROWS OUT.xlsx\n"); return 2; }
  long rows = atol(argv[1]);
  lxw_workbook_options options = {.constant_memory = 1, .tmpdir = NULL, .use_zip64 = 1};
  lxw_workbook *wb = workbook_new_opt(argv[2], &options);
  if (!wb) return 1;
  lxw_format *money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  lxw_format *date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Rows");
  char loc[64], ref[32];
  for (long r = 0; r < rows && r < 1048576; r++) {
    snprintf(loc, sizeof loc, "bank.csv:%ld", r + 2);
    snprintf(ref, sizeof ref, "RCT-%ld", 50000 + r);
    worksheet_write_string(ws, r, 0, loc, NULL);
    worksheet_write_number(ws, r, 1, 46000 + r % 31, date);
    worksheet_write_number(ws, r, 2, (double)(r * 37 % 100000) / 100.0, money);
    worksheet_write_string(ws, r, 3, ref, NULL);
    worksheet_write_string(ws, r, 4, "Quarry Hill Chiropractic", NULL);
    worksheet_write_string(ws, r, 5, "Customer payment Quarry Hill Chiropractic", NULL);
    worksheet_write_string(ws, r, 6, "1010", NULL);
    worksheet_write_string(ws, r, 7, "matched G12345", NULL);
  }
  return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
