/* The physical limit of the workbook stage: libxlsxwriter in constant-memory mode writing cells
 * with nothing else going on.
 *   baseline ROWS OUT.xlsx
 *       ROWS rows of 8 cells (2 numbers, 6 strings).
 *   baseline --cells STRINGS STRING_BYTES NUMBERS FORMULAS OUT.xlsx
 *       as many cells of each type as a tieout run wrote (TIEOUT_CELL_STATS=1 prints them),
 *       8 to a row, strings of the same average length, a new sheet every 1,048,575 rows.
 * Build: cc -O2 baseline.c $(pkg-config --cflags --libs xlsxwriter) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static int rows_mode(long rows, const char *out) {
  lxw_workbook_options options = {.constant_memory = 1, .tmpdir = NULL, .use_zip64 = 1};
  lxw_workbook *wb = workbook_new_opt(out, &options);
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

static int cells_mode(long strings, long bytes, long numbers, long formulas, const char *out) {
  lxw_workbook_options options = {.constant_memory = 1, .tmpdir = NULL, .use_zip64 = 1};
  lxw_workbook *wb = workbook_new_opt(out, &options);
  if (!wb) return 1;
  lxw_format *money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  long length = strings > 0 ? bytes / strings : 0;
  if (length > 1000) length = 1000;
  char text[1024];
  memset(text, 'x', sizeof text);
  text[length] = 0;
  long total = strings + numbers + formulas, written_s = 0, written_n = 0, written_f = 0;
  lxw_worksheet *ws = NULL;
  long row = 0, sheet = 0;
  char name[32];
  for (long k = 0; k < total; k++) {
    long col = k % 8;
    if (col == 0) {
      if (!ws || row == 1048575) {
        snprintf(name, sizeof name, "Cells %ld", ++sheet);
        ws = workbook_add_worksheet(wb, name);
        row = 0;
      } else {
        row++;
      }
    }
    /* Interleave the types in proportion, as a real sheet mixes them. */
    if (written_s * total <= k * strings && written_s < strings) {
      snprintf(text, sizeof text > (size_t)length + 1 ? (size_t)length + 1 : sizeof text, "%0*ld", (int)length, k);
      worksheet_write_string(ws, row, col, text, NULL);
      written_s++;
    } else if (written_f * total <= k * formulas && written_f < formulas) {
      worksheet_write_formula_num(ws, row, col, "=B1-C1", money, 1.0);
      written_f++;
    } else if (written_n < numbers) {
      worksheet_write_number(ws, row, col, (double)(k % 100000) / 100.0, money);
      written_n++;
    } else {
      worksheet_write_string(ws, row, col, text, NULL);
      written_s++;
    }
  }
  return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 7 && strcmp(argv[1], "--cells") == 0)
    return cells_mode(atol(argv[2]), atol(argv[3]), atol(argv[4]), atol(argv[5]), argv[6]);
  if (argc == 3) return rows_mode(atol(argv[1]), argv[2]);
  fprintf(stderr, "usage: baseline ROWS OUT.xlsx | baseline --cells STRINGS STRING_BYTES NUMBERS FORMULAS OUT.xlsx\n");
  return 2;
}
