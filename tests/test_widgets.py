"""Tests for sanclab.widgets: the dashboard builder."""

import pytest

from sanclab.widgets import Control, Dashboard


def toy_model(a, b):
    if a < 0:
        raise ValueError(f"a must be >= 0, got {a}")
    return {"a": a, "b": b, "product": a * b}


def toy_draw(fig, result):
    ax = fig.axes[0] if fig.axes else fig.add_subplot()
    ax.clear()
    ax.bar(["a", "b", "product"], [result["a"], result["b"], result["product"]])


def make_dashboard():
    return Dashboard(
        [Control("a", "a (units)", 0.0, 2.0, 0.1, 1.0), Control("b", "b (count)", 0, 10, 1, 3,
                                                                 integer=True)],
        toy_model,
        toy_draw,
        readout=lambda r: f"product = {r['product']:.2f}",
        title="Toy <dashboard>",
    )


def test_initial_result_uses_control_values():
    """The first result is the model at the controls' initial values (1.0 * 3 = 3)."""
    dash = make_dashboard()
    assert dash.result["product"] == pytest.approx(3.0, rel=1e-12)
    assert dash.readout_text == "product = 3.00"


def test_slider_move_updates_readout_and_figure_in_place():
    """Moving a slider recomputes, changes the readout and the PNG, and keeps one Figure."""
    dash = make_dashboard()
    widget = dash.widget
    figure_before = dash.figure
    png_before = dash._image.value
    dash._sliders["a"].value = 2.0
    assert dash.result["product"] == pytest.approx(6.0, rel=1e-12)
    assert "6.00" in dash._readout.value
    assert dash._image.value != png_before
    assert dash.figure is figure_before
    assert len(dash.figure.axes) == 1
    assert widget is dash.widget


def test_reset_restores_initial_values_and_sliders():
    """Reset returns sliders and result to the initial values."""
    dash = make_dashboard()
    _ = dash.widget
    dash.set(a=0.5, b=7)
    assert dash._sliders["b"].value == 7
    dash.reset()
    assert dash._sliders["a"].value == 1.0
    assert dash.result["product"] == pytest.approx(3.0, rel=1e-12)


def test_unknown_parameter_is_rejected():
    """set() names the unknown parameter and the allowed ones."""
    with pytest.raises(ValueError, match=r"unknown dashboard parameter\(s\) \['c'\]"):
        make_dashboard().set(c=1)


def test_control_validation_names_the_field():
    """A control's bad range or value is a ValueError naming control and field."""
    with pytest.raises(ValueError, match="min of control 'x' must be below max"):
        Control("x", "x", 1.0, 1.0, 0.1, 1.0)
    with pytest.raises(ValueError, match="step of control 'x' must be > 0"):
        Control("x", "x", 0.0, 1.0, 0.0, 0.5)
    with pytest.raises(ValueError, match="finite number"):
        Control("x", "x", 0.0, float("nan"), 0.1, 0.5)


def test_text_repr_is_short_and_stable_and_title_escaped():
    """The text/plain output is stable (nbval compares it) and the HTML title is escaped."""
    dash = make_dashboard()
    bundle = dash._repr_mimebundle_()
    assert bundle["text/plain"] == "Dashboard('Toy <dashboard>': a, b)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    header = dash.widget.children[0].value
    assert "&lt;dashboard&gt;" in header and "<dashboard>" not in header


def test_png_has_no_software_metadata():
    """PNG bytes carry no matplotlib version string, so they are stable across saves."""
    dash = make_dashboard()
    assert b"Software" not in dash.png()
    assert dash.png() == dash.png()


def test_figure_is_an_img_with_escaped_text_alternative():
    """The figure is an <img> whose alt text is the (escaped) figure description."""
    dash = Dashboard([Control("a", "a", 0.0, 1.0, 0.1, 0.5)], lambda a: {"a": a, "b": 0,
                                                                        "product": 0},
                     toy_draw, readout=lambda r: "r", figure_description='Bars "a" & <b>')
    value = dash.widget.children[-1].value
    assert value.startswith('<img class="sanclab-figure-img" alt="Bars &quot;a&quot; &amp; '
                            '&lt;b&gt;"')
    assert 'src="data:image/png;base64,' in value
