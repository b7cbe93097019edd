"""The lessons' dashboards, one module per lesson: ``sanclab.dashboards.<lesson key>``.

A notebook only displays a dashboard; everything it shows is computed by the library. Each
module follows one protocol, so every dashboard behaves the same in JupyterLab and in the
book:

* ``dashboard(**initial) -> sanclab.widgets.Dashboard``: the lesson's dashboard. Keyword
  arguments override the sliders' initial values. :meth:`sanclab.lessons.Lesson.dashboard`
  calls it, which is how the registry, the template test and the browser tests find it.
* A *view* function ``<topic>_view(**params) -> <Topic>View``: the pure model call for one
  setting of the sliders, returning a frozen dataclass with everything the figure and the
  readout show (so tests can check the numbers without drawing).
* A *figure* object, called as ``figure(fig, view)``: on the first call it lays out its
  panels on ``fig``; on every call it updates the panels' artists in place (``set_data``,
  ``set_height``, ``set_text``...) and returns the list of artists it changed, the same
  artists every time. :class:`~sanclab.widgets.Dashboard` then repaints only those artists
  over a saved background (blitting), which keeps a slider move fast. A figure that returns
  ``None`` is redrawn whole on every update.
* A *readout* function ``(view) -> str``: one or two lines of plain text with the key numbers.
* The published book has no kernel: it stores the figure and readout of a finite set of
  settings (:meth:`~sanclab.widgets.Dashboard.book_settings`) and its sliders show the
  nearest stored one (:mod:`sanclab.bookdash`). Each dashboard chooses which settings with a
  :class:`~sanclab.widgets.BookPlan` (every combination of a few values per slider, every
  position of one slider with the others at their initial values, or both; at most
  ``max_frames``, about 350 keeps the book within its budgets) and, where the derived values
  (five even steps) miss the interesting region, gives ``book_values`` to its controls, plus
  a short ``symbol`` for the book to name a slider ("showing p = 0.40"). The default plan,
  lines *and* a grid, suits most lessons: every position of one slider with the others at
  their initial values shows any single-slider move (and the knife-edges a lesson discusses,
  each one slider away from the initial setting) exactly; a grid of two or three values per
  slider (the ``book_values``, around the settings the lesson's guided tasks use) covers
  moves of several sliders, where the book shows the nearest stored setting and says so.
  Document the choice in ``dashboard()``'s docstring. Because the book draws each setting
  once, in some worker process after other settings, the figure of a setting must not depend
  on the moves before it: return *every* artist the figure changes (a title, a text, a limit
  included); the book build checks this and fails otherwise.

Panels that update in place live in ``sanclab.plots.<lesson key>`` (classes with an
``artists`` attribute and an ``update`` method), next to the static figures of the lesson.

Nothing is imported here: importing one lesson's dashboard does not load the others.
"""
