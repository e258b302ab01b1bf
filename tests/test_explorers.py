from inception_edu.cost import conv2d_cost, conv_cost_rows
from inception_edu.explorers import conv_cost_explorer
from inception_edu.explorers.conv_cost import conv_cost_html


def test_conv_cost_rows_follow_the_formula():
    rows = conv_cost_rows(c_in=192, c_out=64, size=28, stride=2)
    assert [r.name for r in rows] == ["1×1", "3×3", "5×5", "7×7"]
    for k, row in zip((1, 3, 5, 7), rows, strict=True):
        cost = conv2d_cost(192, 64, k, 28, 28, stride=2, padding=k // 2)
        assert (row.params, row.macs, row.flops) == (cost.params, cost.macs, cost.flops)
        assert row.output == "64×14×14"


def test_conv_cost_html_draws_proportional_bars():
    text = conv_cost_html(conv_cost_rows())
    assert text.count("<tr>") == 5 and "width:240px" in text
    assert conv_cost_html([]).count("<tr>") == 1  # the header alone


def test_explorer_updates_without_printing(capsys):
    box = conv_cost_explorer()
    box.sliders["c_out"].value = 32
    box.sliders["size"].value = 56
    for row in conv_cost_rows(c_out=32, size=56):
        assert f"{row.macs:,}" in box.output.value
    assert capsys.readouterr().out == ""
