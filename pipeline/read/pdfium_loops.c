/* The loops of pipeline/read/pdfium_page.py that call pdfium once per character, page object or
 * path segment, in C (PdfiumPage.chars, PdfiumPage._objects, _path), and those over each character's
 * dict that every page and table cell goes through (words, cell texts, midpoints).
 *
 * Why: pdfium has no call that gives many characters (or objects) at once, so the Python loops
 * make one to five ctypes calls per item at about a quarter of a microsecond each: the
 * characters were a third of a PDF's whole parse, and a page of 公文 has thousands of text
 * objects to step over on the way to its few ruling lines; and the interpreter's work per
 * character dict in the grouping was most of what was left.  Here the same pdfium functions are
 * called directly, through the addresses of the very functions pypdfium2 loaded (passed in by
 * the caller: nothing is linked against pdfium, so this builds wherever a C compiler and Python's
 * headers are, and is skipped where they are not).
 *
 * Each answers exactly what its Python loop answers, item by item (tests hold them equal): the
 * same skips, the same box from the loose box and the origin, the style asked of each
 * character.  Keep them in step.
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
static PyObject *template;  /* a character's dict, its keys in their order, every value None */

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
    /* Every dict made counts towards the garbage collector's next run, a run every 700: some
       twenty a document scanning what else is young, though these dicts hold no object that
       could make a cycle.  The collector waits until the loop is done (the GIL is held
       throughout, so no other thread allocates meanwhile). */
    int collecting = PyGC_Disable();

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
        PyObject *d = PyDict_Copy(template);  /* its nine keys in place: no growing as they are set */
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
    if (collecting) PyGC_Enable();
    return out;
fail:
    Py_XDECREF(last_name);
    if (collecting) PyGC_Enable();
    Py_DECREF(out);
    return NULL;
}

/* append ``item`` (a new reference, or NULL when making it failed) to ``list``, giving the reference up */
static int append_new(PyObject *list, PyObject *item) {
    if (item == NULL) return -1;
    int rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc;
}

typedef int (*count_fn)(void *);
typedef void *(*get_fn)(void *, int);
typedef int (*type_fn)(void *);

#define PAGEOBJ_TEXT 1  /* FPDF_PAGEOBJ_TEXT */

/* objects(owner, functions) -> [(address, type)] of the owner's objects other than text, in order
 * functions: addresses of the owner's count and get (FPDFPage_CountObjects and FPDFPage_GetObject,
 * or FPDFFormObj_CountObjects and FPDFFormObj_GetObject) and of FPDFPageObj_GetType. */
static PyObject *objects(PyObject *self, PyObject *args) {
    unsigned long long owner_at, f_count, f_get, f_type;
    if (!PyArg_ParseTuple(args, "K(KKK)", &owner_at, &f_count, &f_get, &f_type)) return NULL;
    void *owner = (void *)(uintptr_t)owner_at;
    count_fn count = (count_fn)(uintptr_t)f_count;
    get_fn get = (get_fn)(uintptr_t)f_get;
    type_fn type_of = (type_fn)(uintptr_t)f_type;
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    int n = count(owner);
    for (int i = 0; i < n; i++) {
        void *obj = get(owner, i);
        if (obj == NULL) continue;
        int kind = type_of(obj);
        if (kind == PAGEOBJ_TEXT) continue;
        if (append_new(out, Py_BuildValue("(Ki)", (unsigned long long)(uintptr_t)obj, kind)) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

typedef int (*point_fn)(void *, float *, float *);

/* [(x, y, type, closes)] of a path's segments, in path space, through FPDFPath_CountSegments,
 * FPDFPath_GetPathSegment, FPDFPathSegment_GetPoint, FPDFPathSegment_GetType and _GetClose */
static PyObject *path_segments(void *path, count_fn count, get_fn get, point_fn point, type_fn type_of,
                               type_fn closes) {
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    int n = count(path);
    for (int i = 0; i < n; i++) {
        void *seg = get(path, i);
        float x = 0, y = 0;
        point(seg, &x, &y);
        if (append_new(out, Py_BuildValue("(ddii)", (double)x, (double)y, type_of(seg), closes(seg) != 0)) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

typedef struct { float a, b, c, d, e, f; } matrix_f;  /* pdfium's FS_MATRIX */
typedef int (*matrix_fn)(void *, matrix_f *);
typedef int (*draw_mode_fn)(void *, int *, int *);

/* path(path, functions) -> (a, b, c, d, e, f, visible, segments): a path object's matrix, whether
 * it is filled or stroked, and (x, y, type, closes) of its segments in path space
 * functions: addresses of FPDFPageObj_GetMatrix, FPDFPath_GetDrawMode, FPDFPath_CountSegments,
 * FPDFPath_GetPathSegment, FPDFPathSegment_GetPoint, FPDFPathSegment_GetType, FPDFPathSegment_GetClose */
static PyObject *path(PyObject *self, PyObject *args) {
    unsigned long long path_at, f_matrix, f_mode, f_count, f_get, f_point, f_type, f_close;
    if (!PyArg_ParseTuple(args, "K(KKKKKKK)", &path_at, &f_matrix, &f_mode, &f_count, &f_get, &f_point,
                          &f_type, &f_close))
        return NULL;
    void *obj = (void *)(uintptr_t)path_at;
    matrix_f m = {0, 0, 0, 0, 0, 0};  /* as a fresh FS_MATRIX(), where pdfium cannot give it */
    int fill = 0, stroke = 0;
    ((matrix_fn)(uintptr_t)f_matrix)(obj, &m);
    ((draw_mode_fn)(uintptr_t)f_mode)(obj, &fill, &stroke);
    PyObject *found = path_segments(obj, (count_fn)(uintptr_t)f_count, (get_fn)(uintptr_t)f_get,
                                    (point_fn)(uintptr_t)f_point, (type_fn)(uintptr_t)f_type,
                                    (type_fn)(uintptr_t)f_close);
    if (found == NULL) return NULL;
    return Py_BuildValue("(ddddddNN)", (double)m.a, (double)m.b, (double)m.c, (double)m.d, (double)m.e,
                         (double)m.f, PyBool_FromLong(fill || stroke), found);
}

/* ---------------------------------------------------------------- words (pdfium_page.words)
 *
 * Every line of every page and every table cell goes through words(): the same steps over
 * each character's dict as the Python loop, without the interpreter between them. */

typedef struct {
    double top, x0, x1;
    PyObject *top_value, *text;  /* borrowed from the character's dict */
    Py_ssize_t index, cluster;
} char_key;

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* pdfium_page._clusters over ``values`` (n of them, sorted here unless ``sorted_already``): the
 * distinct values, ascending, chained while each is within ``tol`` of the one before.  Leaves the
 * distinct values in values[0:m] and their clusters in clusters[0:m]; returns m. */
static Py_ssize_t clustered(double *values, Py_ssize_t n, double tol, int sorted_already, Py_ssize_t *clusters) {
    if (!sorted_already) qsort(values, (size_t)n, sizeof(double), by_value);
    Py_ssize_t m = 0, cluster = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (m > 0 && values[i] == values[m - 1]) continue;
        if (m == 0 || values[i] > values[m - 1] + tol) cluster++;
        values[m] = values[i];
        clusters[m++] = cluster;
    }
    return m;
}

/* the cluster of ``value``, one of the m distinct values clustered() left */
static Py_ssize_t cluster_of(double value, const double *values, const Py_ssize_t *clusters, Py_ssize_t m) {
    const double *at = bsearch(&value, values, (size_t)m, sizeof(double), by_value);
    return clusters[at - values];
}

/* Python's stable sort by line cluster, then (within a line) by x0: ties keep their order */
static int by_line_then_x0(const void *a, const void *b) {
    const char_key *p = a, *q = b;
    if (p->cluster != q->cluster) return p->cluster < q->cluster ? -1 : 1;
    if (p->x0 < q->x0) return -1;
    if (q->x0 < p->x0) return 1;
    return (p->index > q->index) - (p->index < q->index);
}

static PyObject *item(PyObject *d, PyObject *key) {  /* borrowed reference, NULL with an error set */
    PyObject *v = PyDict_Check(d) ? PyDict_GetItemWithError(d, key) : NULL;
    if (v == NULL && !PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
    return v;
}

static int as_double(PyObject *v, double *out) {
    *out = PyFloat_AsDouble(v);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

static int number(PyObject *d, PyObject *key, double *out) {
    PyObject *v = item(d, key);
    return v == NULL ? -1 : as_double(v, out);
}

static int is_space(PyObject *text) {  /* str.isspace() */
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n == 0) return 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) return 0;
    return 1;
}

static PyObject *k_empty, *k_translate;

/* whether ``text`` holds a character of ``marks`` (a short str: the ligatures) */
static int holds_any(PyObject *text, PyObject *marks) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), m = PyUnicode_GET_LENGTH(marks);
    int kind = PyUnicode_KIND(text), mkind = PyUnicode_KIND(marks);
    const void *data = PyUnicode_DATA(text), *mdata = PyUnicode_DATA(marks);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        for (Py_ssize_t j = 0; j < m; j++)
            if (ch == PyUnicode_READ(mkind, mdata, j)) return 1;
    }
    return 0;
}

/* (text, top, chars) of the word keys[from:to] (``text_only``: (text, top)): its characters' texts
 * joined, ligatures expanded (``ligatures``, a str.translate table, whose characters are
 * ``marks``), and the first of its least tops */
static int flush(PyObject *out, PyObject *chars, const char_key *keys, Py_ssize_t from, Py_ssize_t to,
                 PyObject *ligatures, PyObject *marks, int text_only) {
    Py_ssize_t n = to - from;
    if (n <= 0) return 0;
    PyObject *texts = PyList_New(n), *word = text_only ? NULL : PyList_New(n);
    if (texts == NULL || (word == NULL && !text_only)) { Py_XDECREF(texts); Py_XDECREF(word); return -1; }
    const char_key *least = &keys[from];
    for (Py_ssize_t i = 0; i < n; i++) {
        const char_key *key = &keys[from + i];
        Py_INCREF(key->text);
        PyList_SET_ITEM(texts, i, key->text);
        if (word != NULL) {
            PyObject *ch = PyList_GET_ITEM(chars, key->index);
            Py_INCREF(ch);
            PyList_SET_ITEM(word, i, ch);
        }
        if (key->top < least->top) least = key;
    }
    PyObject *text = n == 1 ? (Py_INCREF(keys[from].text), keys[from].text) : PyUnicode_Join(k_empty, texts);
    Py_DECREF(texts);
    if (text != NULL && holds_any(text, marks)) {
        PyObject *expanded = PyObject_CallMethodOneArg(text, k_translate, ligatures);
        Py_DECREF(text);
        text = expanded;
    }
    PyObject *entry = text == NULL ? NULL
        : text_only ? PyTuple_Pack(2, text, least->top_value) : PyTuple_Pack(3, text, least->top_value, word);
    Py_XDECREF(text);
    Py_XDECREF(word);
    return append_new(out, entry);
}

static int in_order(const char_key *keys, Py_ssize_t n) {
    for (Py_ssize_t i = 1; i < n; i++)
        if (by_line_then_x0(&keys[i - 1], &keys[i]) > 0) return 0;
    return 1;
}

/* The words of ``chars`` (a list of character dicts) as upright_words gives them (``text_only``:
 * (text, top) each), or None when a character is not upright. */
static PyObject *split_words(PyObject *chars, double x_tol, double y_tol, PyObject *ligatures, PyObject *marks,
                             int text_only) {
    Py_ssize_t n = PyList_GET_SIZE(chars);
    PyObject *out = PyList_New(0);
    char_key *keys = PyMem_Malloc(sizeof(char_key) * (n ? n : 1));
    double *tops = PyMem_Malloc(sizeof(double) * (n ? n : 1));
    Py_ssize_t *clusters = PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    if (out == NULL || keys == NULL || tops == NULL || clusters == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    int tops_sorted = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(chars, i);
        char_key *key = &keys[i];
        key->index = i;
        key->top_value = item(ch, k_top);
        key->text = item(ch, k_text);
        PyObject *upright = item(ch, k_upright);
        int is_upright = upright == NULL ? -1 : PyObject_IsTrue(upright);
        if (is_upright < 0) goto fail;
        if (!is_upright) {
            PyMem_Free(keys), PyMem_Free(tops), PyMem_Free(clusters);
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        if (key->top_value == NULL || key->text == NULL || as_double(key->top_value, &key->top) < 0
            || number(ch, k_x0, &key->x0) < 0 || number(ch, k_x1, &key->x1) < 0) goto fail;
        if (!PyUnicode_Check(key->text)) {
            PyErr_SetString(PyExc_TypeError, "a character's text is not a str");
            goto fail;
        }
        tops[i] = key->top;
        if (i > 0 && tops[i] < tops[i - 1]) tops_sorted = 0;
    }
    Py_ssize_t m = clustered(tops, n, y_tol, tops_sorted, clusters);  /* lines */
    for (Py_ssize_t i = 0; i < n; i++) keys[i].cluster = cluster_of(keys[i].top, tops, clusters, m);
    if (!in_order(keys, n)) qsort(keys, (size_t)n, sizeof(char_key), by_line_then_x0);
    /* words: keys[start:k] so far; prev: the last character put in it */
    Py_ssize_t start = 0;
    const char_key *prev = NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        const char_key *key = &keys[k];
        if (k > 0 && key->cluster != keys[k - 1].cluster) {  /* a new line */
            if (flush(out, chars, keys, start, k, ligatures, marks, text_only) < 0) goto fail;
            start = k, prev = NULL;
        }
        if (is_space(key->text)) {
            if (flush(out, chars, keys, start, k, ligatures, marks, text_only) < 0) goto fail;
            start = k + 1, prev = NULL;
            continue;
        }
        if (prev != NULL && (key->x0 < prev->x0 || key->x0 > prev->x1 + x_tol || fabs(key->top - prev->top) > y_tol)) {
            if (flush(out, chars, keys, start, k, ligatures, marks, text_only) < 0) goto fail;
            start = k;
        }
        prev = key;
    }
    if (flush(out, chars, keys, start, n, ligatures, marks, text_only) < 0) goto fail;
    PyMem_Free(keys), PyMem_Free(tops), PyMem_Free(clusters);
    return out;
fail:
    PyMem_Free(keys), PyMem_Free(tops), PyMem_Free(clusters);
    Py_XDECREF(out);
    return NULL;
}

/* upright_words(chars, x_tolerance, y_tolerance, ligatures, marks) -> [(text, top, chars)], or None
 * when a character is not upright (rotated text is pdfplumber's to group)
 * chars: character dicts; ligatures: a str.translate table; marks: its characters, as a str */
static PyObject *upright_words(PyObject *self, PyObject *args) {
    PyObject *chars, *ligatures, *marks;
    double x_tol, y_tol;
    if (!PyArg_ParseTuple(args, "O!ddOU", &PyList_Type, &chars, &x_tol, &y_tol, &ligatures, &marks)) return NULL;
    return split_words(chars, x_tol, y_tol, ligatures, marks, 0);
}

typedef struct { double top; Py_ssize_t index, cluster; } word_key;

static int by_cluster_then_index(const void *a, const void *b) {
    const word_key *p = a, *q = b;
    if (p->cluster != q->cluster) return p->cluster < q->cluster ? -1 : 1;
    return (p->index > q->index) - (p->index < q->index);
}

static PyObject *k_space, *k_newline;

/* upright_text(chars, x_tolerance, y_tolerance, ligatures, marks) -> str, or None when a character is
 * not upright: pdfium_page.cell_text, the words put in lines by their tops (chained within
 * y_tolerance), each line's words joined by a space in their order, the lines by a line break */
static PyObject *upright_text(PyObject *self, PyObject *args) {
    PyObject *chars, *ligatures, *marks;
    double x_tol, y_tol;
    if (!PyArg_ParseTuple(args, "O!ddOU", &PyList_Type, &chars, &x_tol, &y_tol, &ligatures, &marks)) return NULL;
    PyObject *found = split_words(chars, x_tol, y_tol, ligatures, marks, 1);
    if (found == NULL || found == Py_None) return found;
    Py_ssize_t n = PyList_GET_SIZE(found);
    if (n <= 1) {  /* most cells: one word, nothing to put in lines */
        PyObject *text = n ? PyTuple_GET_ITEM(PyList_GET_ITEM(found, 0), 0) : k_empty;
        Py_INCREF(text);
        Py_DECREF(found);
        return text;
    }
    word_key *keys = PyMem_Malloc(sizeof(word_key) * n);
    double *tops = PyMem_Malloc(sizeof(double) * n);
    Py_ssize_t *clusters = PyMem_Malloc(sizeof(Py_ssize_t) * n);
    PyObject *lines = PyList_New(0), *line = PyList_New(0), *out = NULL;
    if (keys == NULL || tops == NULL || clusters == NULL || lines == NULL || line == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        keys[i].index = i;
        if (as_double(PyTuple_GET_ITEM(PyList_GET_ITEM(found, i), 1), &keys[i].top) < 0) goto done;
        tops[i] = keys[i].top;
    }
    Py_ssize_t m = clustered(tops, n, y_tol, 0, clusters);
    for (Py_ssize_t i = 0; i < n; i++) keys[i].cluster = cluster_of(keys[i].top, tops, clusters, m);
    qsort(keys, (size_t)n, sizeof(word_key), by_cluster_then_index);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyList_Append(line, PyTuple_GET_ITEM(PyList_GET_ITEM(found, keys[i].index), 0)) < 0) goto done;
        if (i + 1 == n || keys[i + 1].cluster != keys[i].cluster) {
            if (append_new(lines, PyUnicode_Join(k_space, line)) < 0) goto done;
            if (PyList_SetSlice(line, 0, PyList_GET_SIZE(line), NULL) < 0) goto done;
        }
    }
    out = PyUnicode_Join(k_newline, lines);
done:
    PyMem_Free(keys), PyMem_Free(tops), PyMem_Free(clusters);
    Py_XDECREF(lines);
    Py_XDECREF(line);
    Py_DECREF(found);
    return out;
}

/* box(chars) -> (x0, top, x1, bottom): the least x0 and top, the greatest x1 and bottom, each
 * the first such value (as min() and max() give them) */
static PyObject *box(PyObject *self, PyObject *args) {
    PyObject *chars;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &chars)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(chars);
    if (n == 0) { PyErr_SetString(PyExc_ValueError, "box() of no characters"); return NULL; }
    PyObject *keys[4] = {k_x0, k_top, k_x1, k_bottom}, *best[4] = {NULL, NULL, NULL, NULL};
    double value[4] = {0, 0, 0, 0};
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(chars, i);
        for (int j = 0; j < 4; j++) {
            PyObject *v = item(ch, keys[j]);
            double x;
            if (v == NULL || as_double(v, &x) < 0) return NULL;
            if (best[j] == NULL || (j < 2 ? x < value[j] : x > value[j])) best[j] = v, value[j] = x;
        }
    }
    return PyTuple_Pack(4, best[0], best[1], best[2], best[3]);
}

/* ------------------------------------------- midpoints (pdfium_page.outside, pdfium_page._extract) */

static int midpoint(PyObject *ch, double *h, double *v) {
    double x0, x1, top, bottom;
    if (number(ch, k_x0, &x0) < 0 || number(ch, k_x1, &x1) < 0 || number(ch, k_top, &top) < 0
        || number(ch, k_bottom, &bottom) < 0) return -1;
    *h = (x0 + x1) / 2, *v = (top + bottom) / 2;
    return 0;
}

static int read_box(PyObject *box, double out[4]) {
    PyObject *seq = PySequence_Fast(box, "a box is (x0, top, x1, bottom)");
    if (seq == NULL) return -1;
    if (PySequence_Fast_GET_SIZE(seq) != 4) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "a box is (x0, top, x1, bottom)");
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        out[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
        if (out[i] == -1.0 && PyErr_Occurred()) { Py_DECREF(seq); return -1; }
    }
    Py_DECREF(seq);
    return 0;
}

/* outside(chars, boxes) -> the characters whose midpoint lies in none of the boxes (edges included) */
static PyObject *outside(PyObject *self, PyObject *args) {
    PyObject *chars, *boxes;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &chars, &PyList_Type, &boxes)) return NULL;
    Py_ssize_t nb = PyList_GET_SIZE(boxes);
    double *b = PyMem_Malloc(sizeof(double) * 4 * (nb ? nb : 1));
    PyObject *out = PyList_New(0);
    if (b == NULL || out == NULL) { PyMem_Free(b); Py_XDECREF(out); return PyErr_NoMemory(); }
    for (Py_ssize_t j = 0; j < nb; j++)
        if (read_box(PyList_GET_ITEM(boxes, j), b + 4 * j) < 0) goto fail;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(chars); i++) {
        PyObject *ch = PyList_GET_ITEM(chars, i);
        double h, v;
        if (midpoint(ch, &h, &v) < 0) goto fail;
        int in = 0;
        for (Py_ssize_t j = 0; j < nb && !in; j++)
            in = b[4 * j] <= h && h <= b[4 * j + 2] && b[4 * j + 1] <= v && v <= b[4 * j + 3];
        if (!in && PyList_Append(out, ch) < 0) goto fail;
    }
    PyMem_Free(b);
    return out;
fail:
    PyMem_Free(b);
    Py_DECREF(out);
    return NULL;
}

typedef struct { double v, h; Py_ssize_t k; } placed;

static int by_v_h_k(const void *a, const void *b) {
    const placed *p = a, *q = b;
    if (p->v != q->v) return p->v < q->v ? -1 : 1;
    if (p->h != q->h) return p->h < q->h ? -1 : 1;
    return (p->k > q->k) - (p->k < q->k);
}

static int by_k(const void *a, const void *b) {
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

/* cell_chars(chars, bbox, cells) -> for each cell (a box, or None) the characters whose midpoint
 * it holds (half-open, as pdfplumber's Table.extract), in their order, or None */
static PyObject *cell_chars(PyObject *self, PyObject *args) {
    PyObject *chars, *bbox, *cells;
    if (!PyArg_ParseTuple(args, "O!OO!", &PyList_Type, &chars, &bbox, &PyList_Type, &cells)) return NULL;
    double t[4];
    if (read_box(bbox, t) < 0) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(chars), m = 0;
    placed *in = PyMem_Malloc(sizeof(placed) * (n ? n : 1));
    Py_ssize_t *picked = PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    PyObject *out = PyList_New(0);
    if (in == NULL || picked == NULL || out == NULL) { PyErr_NoMemory(); goto fail; }
    for (Py_ssize_t k = 0; k < n; k++) {
        double h, v;
        if (midpoint(PyList_GET_ITEM(chars, k), &h, &v) < 0) goto fail;
        if (t[0] <= h && h < t[2] && t[1] <= v && v < t[3]) in[m].v = v, in[m].h = h, in[m++].k = k;
    }
    qsort(in, (size_t)m, sizeof(placed), by_v_h_k);
    for (Py_ssize_t c = 0; c < PyList_GET_SIZE(cells); c++) {
        PyObject *cell = PyList_GET_ITEM(cells, c);
        if (cell == Py_None) {
            if (PyList_Append(out, Py_None) < 0) goto fail;
            continue;
        }
        double box[4];
        if (read_box(cell, box) < 0) goto fail;
        /* the first placed character at or below the cell's top, as bisect_left */
        Py_ssize_t lo = 0, hi = m;
        while (lo < hi) { Py_ssize_t mid = (lo + hi) / 2; if (in[mid].v < box[1]) lo = mid + 1; else hi = mid; }
        Py_ssize_t count = 0;
        for (Py_ssize_t i = lo; i < m && in[i].v < box[3]; i++)
            if (box[0] <= in[i].h && in[i].h < box[2]) picked[count++] = in[i].k;
        qsort(picked, (size_t)count, sizeof(Py_ssize_t), by_k);
        PyObject *list = PyList_New(count);
        if (list == NULL) goto fail;
        for (Py_ssize_t i = 0; i < count; i++) {
            PyObject *ch = PyList_GET_ITEM(chars, picked[i]);
            Py_INCREF(ch);
            PyList_SET_ITEM(list, i, ch);
        }
        if (append_new(out, list) < 0) goto fail;
    }
    PyMem_Free(in), PyMem_Free(picked);
    return out;
fail:
    PyMem_Free(in), PyMem_Free(picked);
    Py_XDECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"chars", chars, METH_VARARGS, "The characters of a pdfium text page as pdfplumber char dicts."},
    {"objects", objects, METH_VARARGS, "(address, type) of a page's or form's objects other than text."},
    {"path", path, METH_VARARGS, "A path object's matrix, whether it is painted, and its segments."},
    {"upright_words", upright_words, METH_VARARGS, "(text, top, chars) of each word of upright characters."},
    {"upright_text", upright_text, METH_VARARGS, "The text of upright characters, in lines of words."},
    {"box", box, METH_VARARGS, "The box of characters: (x0, top, x1, bottom)."},
    {"outside", outside, METH_VARARGS, "The characters whose midpoint lies in none of the boxes."},
    {"cell_chars", cell_chars, METH_VARARGS, "Each cell's characters, by their midpoints."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "pdfium_loops", NULL, -1, methods};

PyMODINIT_FUNC PyInit_pdfium_loops(void) {
    k_text = PyUnicode_InternFromString("text");
    k_x0 = PyUnicode_InternFromString("x0");
    k_x1 = PyUnicode_InternFromString("x1");
    k_top = PyUnicode_InternFromString("top");
    k_bottom = PyUnicode_InternFromString("bottom");
    k_doctop = PyUnicode_InternFromString("doctop");
    k_size = PyUnicode_InternFromString("size");
    k_fontname = PyUnicode_InternFromString("fontname");
    k_upright = PyUnicode_InternFromString("upright");
    template = PyDict_New();
    PyObject *keys[] = {k_text, k_x0, k_x1, k_top, k_bottom, k_doctop, k_size, k_fontname, k_upright};
    for (int i = 0; i < 9; i++)
        if (template == NULL || PyDict_SetItem(template, keys[i], Py_None) < 0) return NULL;
    k_empty = PyUnicode_FromString("");
    k_translate = PyUnicode_InternFromString("translate");
    k_space = PyUnicode_FromString(" ");
    k_newline = PyUnicode_FromString("\n");
    return PyModule_Create(&module);
}
