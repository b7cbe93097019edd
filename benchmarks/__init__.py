"""sanclab's benchmarks: ``python benchmarks/run.py`` (see its docstring for the usage).

One module per group of measurements (``imports``, ``readings``, ``dashboards``,
``lessons``, ``book``, ``exercises``, ``bookdash``, ``other``); ``common`` holds the timing
helpers and the table type, ``report`` the environment and the markdown of ``RESULTS.md``.
Timings are reported, never asserted in tests.
"""
