"""The one thing setup.cfg cannot say: the optional C loops over a PDF page's characters, objects
and path segments (pipeline/read/pdfium_loops.c).  ``optional=True``: where no C compiler or
Python headers are, the install goes on without it and the reader keeps its ctypes loops (same
answers, slower)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("pipeline.read.pdfium_loops", ["pipeline/read/pdfium_loops.c"], optional=True)])
