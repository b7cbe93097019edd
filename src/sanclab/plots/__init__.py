"""Plots: functions that draw a model's result onto a given matplotlib Axes and return it.

Import the submodule you need (``sanclab.plots.coalition``, ``sanclab.plots.readings``);
nothing heavy is imported here.
"""
