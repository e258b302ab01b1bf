from inception_edu.cost import conv2d_cost
from inception_edu.explorers import conv_cost_explorer, conv_cost_rows, rows_html


def test_conv_cost_rows_follow_the_formula():
    rows = conv_cost_rows(c_in=192, c_out=64, size=28, stride=2)
    assert [r["kernel"] for r in rows] == ["1×1", "3×3", "5×5", "7×7"]
    for k, row in zip((1, 3, 5, 7), rows, strict=True):
        cost = conv2d_cost(192, 64, k, 28, 28, stride=2, padding=k // 2)
        assert (row["params"], row["MACs"], row["FLOPs"]) == (cost.params, cost.macs, cost.flops)
        assert row["output"] == "64×14×14"


def test_rows_html_draws_proportional_bars():
    text = rows_html(conv_cost_rows(), bar_column="MACs")
    assert text.count("<tr>") == 5 and "width:240px" in text
    assert rows_html([]) == "<p>(nothing to show)</p>"


def test_explorer_updates_without_printing(capsys):
    box = conv_cost_explorer()
    box.sliders["c_out"].value = 32
    box.sliders["size"].value = 56
    for row in conv_cost_rows(c_out=32, size=56):
        assert f"{row['MACs']:,}" in box.output.value
    assert capsys.readouterr().out == ""
