/* The character loop of pipeline/read/pdfium_page.py (PdfiumPage.chars) in C.
 *
 * Why: pdfium has no call that gives many characters at once, so the Python loop makes four to
 * five ctypes calls per character at about a quarter of a microsecond each, a third of a PDF's
 * whole parse.  Here the same pdfium functions are called directly, through the addresses of the
 * very functions pypdfium2 loaded (passed in by the caller: nothing is linked against pdfium, so
 * this builds wherever a C compiler and Python's headers are, and is skipped where they are not).
 *
 * It answers exactly what the Python loop answers, character by character (a test holds the two
 * equal): the same skips, the same box from the loose box and the origin, the style asked of
 * each character.  Keep the two in step.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef struct { float left, top, right, bottom; } rect_f;  /* pdfium's FS_RECTF */

typedef int (*loose_box_fn)(void *, int, rect_f *);
typedef int (*origin_fn)(void *, int, double *, double *);
typedef int (*generated_fn)(void *, int);
typedef unsigned long (*font_info_fn)(void *, int, void *, unsigned long, int *);
typedef double (*font_size_fn)(void *, int);
typedef float (*angle_fn)(void *, int);

#define FONT_BUFFER 256

static PyObject *k_text, *k_x0, *k_x1, *k_top, *k_bottom, *k_doctop, *k_size, *k_fontname, *k_upright;

static int set_float(PyObject *d, PyObject *key, double value) {
    PyObject *v = PyFloat_FromDouble(value);
    if (v == NULL) return -1;
    int rc = PyDict_SetItem(d, key, v);
    Py_DECREF(v);
    return rc;
}

/* chars(textpage, text, height, implausible, functions) -> list of dicts
 * functions: addresses of FPDFText_GetLooseCharBox, GetCharOrigin, IsGenerated, GetFontInfo,
 * GetFontSize, GetCharAngle, in that order. */
static PyObject *chars(PyObject *self, PyObject *args) {
    unsigned long long page_at;
    PyObject *text;
    double height, implausible;
    unsigned long long f_box, f_origin, f_generated, f_font, f_size, f_angle;
    if (!PyArg_ParseTuple(args, "KUdd(KKKKKK)", &page_at, &text, &height, &implausible,
                          &f_box, &f_origin, &f_generated, &f_font, &f_size, &f_angle))
        return NULL;
    void *tp = (void *)(uintptr_t)page_at;
    loose_box_fn loose_box = (loose_box_fn)(uintptr_t)f_box;
    origin_fn origin = (origin_fn)(uintptr_t)f_origin;
    generated_fn generated = (generated_fn)(uintptr_t)f_generated;
    font_info_fn font_info = (font_info_fn)(uintptr_t)f_font;
    font_size_fn font_size = (font_size_fn)(uintptr_t)f_size;
    angle_fn angle = (angle_fn)(uintptr_t)f_angle;

    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;

    /* the buffer is reused and never cleared, as the Python loop's is: a name longer than it
       leaves the last one in place there too */
    char buf[FONT_BUFFER];
    memset(buf, 0, sizeof buf);
    char last[FONT_BUFFER];
    last[0] = '\0';
    PyObject *last_name = NULL;  /* the decoded name of ``last``: most characters share a font */
    rect_f box;
    double x, y;

    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        /* control characters; spaces and line breaks pdfium inferred from gaps */
        if (ch < ' ' || (Py_UNICODE_ISSPACE(ch) && generated(tp, (int)i) == 1)) continue;
        loose_box(tp, (int)i, &box);
        origin(tp, (int)i, &x, &y);
        font_info(tp, (int)i, buf, FONT_BUFFER, NULL);
        double size = font_size(tp, (int)i);
        double drawn = (double)box.top - (double)box.bottom;
        if (size > implausible && drawn > 0) size = drawn;
        int upright = 1;
        if (!(fabs((double)box.left - x) < 0.001)) upright = fabs((double)angle(tp, (int)i)) < 0.01;

        size_t len = strnlen(buf, FONT_BUFFER);
        if (last_name == NULL || strlen(last) != len || memcmp(last, buf, len) != 0) {
            Py_XDECREF(last_name);
            last_name = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)len, "replace");
            if (last_name == NULL) goto fail;
            memcpy(last, buf, len);
            last[len] = '\0';
        }
        double bottom = height - y;
        double top = bottom - size;
        PyObject *d = PyDict_New();
        if (d == NULL) goto fail;
        PyObject *s = PyUnicode_FromOrdinal((int)ch);
        if (s == NULL || PyDict_SetItem(d, k_text, s) < 0) { Py_XDECREF(s); Py_DECREF(d); goto fail; }
        Py_DECREF(s);
        PyObject *top_v = PyFloat_FromDouble(top);
        if (top_v == NULL
            || set_float(d, k_x0, (double)box.left) < 0 || set_float(d, k_x1, (double)box.right) < 0
            || PyDict_SetItem(d, k_top, top_v) < 0 || set_float(d, k_bottom, bottom) < 0
            || PyDict_SetItem(d, k_doctop, top_v) < 0 || set_float(d, k_size, size) < 0
            || PyDict_SetItem(d, k_fontname, last_name) < 0
            || PyDict_SetItem(d, k_upright, upright ? Py_True : Py_False) < 0
            || PyList_Append(out, d) < 0) {
            Py_XDECREF(top_v);
            Py_DECREF(d);
            goto fail;
        }
        Py_DECREF(top_v);
        Py_DECREF(d);
    }
    Py_XDECREF(last_name);
    return out;
fail:
    Py_XDECREF(last_name);
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"chars", chars, METH_VARARGS, "The characters of a pdfium text page as pdfplumber char dicts."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "pdfium_chars", NULL, -1, methods};

PyMODINIT_FUNC PyInit_pdfium_chars(void) {
    k_text = PyUnicode_InternFromString("text");
    k_x0 = PyUnicode_InternFromString("x0");
    k_x1 = PyUnicode_InternFromString("x1");
    k_top = PyUnicode_InternFromString("top");
    k_bottom = PyUnicode_InternFromString("bottom");
    k_doctop = PyUnicode_InternFromString("doctop");
    k_size = PyUnicode_InternFromString("size");
    k_fontname = PyUnicode_InternFromString("fontname");
    k_upright = PyUnicode_InternFromString("upright");
    return PyModule_Create(&module);
}
