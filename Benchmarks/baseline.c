/* The physical limit of the workbook stage: libxlsxwriter in constant-memory mode writing cells
 * with nothing else going on.
 *   baseline ROWS OUT.xlsx
 *       ROWS rows of 8 cells (2 numbers, 6 strings).
 *   baseline --replay CELL_LOG OUT.xlsx
 *       exactly the cells a tieout run wrote (TIEOUT_CELL_LOG=CELL_LOG records them): the
 *       same texts, so the same compression work. (An earlier mode wrote as many cells of
 *       filler text of the same length; filler compresses faster than real text, which made
 *       workbook_close 5 s shorter than for tieout's cells at 1M rows.)
 * Build: cc -O2 baseline.c $(pkg-config --cflags --libs xlsxwriter) */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
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

/* The cells tieout wrote, replayed from its TIEOUT_CELL_LOG (see XLSXWriter's CellLog): the
 * same sheets, texts, numbers, formulas and number formats, so the same XML and the same
 * compression work, with nothing else going on. */
static int replay_mode(const char *log, const char *out) {
  FILE *in = fopen(log, "rb");
  if (!in) return 1;
  lxw_workbook_options options = {.constant_memory = 1, .tmpdir = NULL, .use_zip64 = 1};
  lxw_workbook *wb = workbook_new_opt(out, &options);
  if (!wb) return 1;
  lxw_format *formats[4096] = {0};
  lxw_worksheet *ws = NULL;
  size_t cap = 1 << 16;
  char *text = malloc(cap);
  int kind;
  while ((kind = fgetc(in)) != EOF) {
    uint32_t row = 0, len = 0;
    uint16_t col = 0, fmt = 0, id = 0, len16 = 0;
    double value = 0;
    unsigned char bold = 0;
    switch (kind) {
    case 'S':
      if (fread(&len16, 2, 1, in) != 1 || fread(text, 1, len16, in) != len16) return 1;
      text[len16] = 0;
      ws = workbook_add_worksheet(wb, text);
      break;
    case 'F':
      if (fread(&id, 2, 1, in) != 1 || fread(&bold, 1, 1, in) != 1 || fread(&len16, 2, 1, in) != 1) return 1;
      if (fread(text, 1, len16, in) != len16 || id >= 4096) return 1;
      text[len16] = 0;
      formats[id] = workbook_add_format(wb);
      if (bold) format_set_bold(formats[id]);
      if (len16) format_set_num_format(formats[id], text);
      break;
    default:
      if (fread(&row, 4, 1, in) != 1 || fread(&col, 2, 1, in) != 1 || fread(&fmt, 2, 1, in) != 1 || !ws) return 1;
      lxw_format *f = fmt ? formats[fmt - 1] : NULL;
      if (kind == 'n' || kind == 'f') {
        if (fread(&value, 8, 1, in) != 1) return 1;
      }
      if (kind == 's' || kind == 'f') {
        if (fread(&len, 4, 1, in) != 1) return 1;
        if (len + 1 > cap) {
          cap = len + 1;
          text = realloc(text, cap);
        }
        if (fread(text, 1, len, in) != len) return 1;
        text[len] = 0;
      }
      if (kind == 's') worksheet_write_string(ws, row, col, text, f);
      else if (kind == 'n') worksheet_write_number(ws, row, col, value, f);
      else if (kind == 'f') worksheet_write_formula_num(ws, row, col, text, f, value);
      else if (kind == 'b') worksheet_write_blank(ws, row, col, f);
      else return 1;
    }
  }
  fclose(in);
  free(text);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int ok = workbook_close(wb) == LXW_NO_ERROR;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  fprintf(stderr, "baseline close: %.2f s\n", (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "--replay") == 0) return replay_mode(argv[2], argv[3]);
  if (argc == 3) return rows_mode(atol(argv[1]), argv[2]);
  fprintf(stderr, "usage: baseline ROWS OUT.xlsx | baseline --replay CELL_LOG OUT.xlsx\n");
  return 2;
}
