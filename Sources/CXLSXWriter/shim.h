#ifndef TIEOUT_CXLSXWRITER_SHIM_H
#define TIEOUT_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#include <locale.h>

/* LC_ALL_MASK is a macro expression Swift cannot import; this returns a "C" locale object. */
static inline locale_t tieout_new_c_locale(void) {
  return newlocale(LC_ALL_MASK, "C", (locale_t)0);
}
#endif
