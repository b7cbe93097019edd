"""Plots: functions that draw a model's result onto a given matplotlib Axes and return it.

Import the submodule you need: one per lesson, named by the lesson's key
(``sanclab.plots.coalition_coordination``), and ``sanclab.plots.readings`` for the readings'
figures. Nothing heavy is imported here.
"""
