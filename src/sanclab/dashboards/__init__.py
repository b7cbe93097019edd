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

Panels that update in place live in ``sanclab.plots.<lesson key>`` (classes with an
``artists`` attribute and an ``update`` method), next to the static figures of the lesson.

Nothing is imported here: importing one lesson's dashboard does not load the others.
"""
