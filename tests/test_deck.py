"""The interview deck (inception_edu.deck): every number a card states recomputed with the library
(or found in docs/sources.md when it is quoted) and present in both languages; the lecture shows
every card in deck order; the Anki export opens as a zip holding an SQLite collection with one
note per card and per glossary term; the command line's errors are one sentence."""

from __future__ import annotations

import json
import math
import re
import sqlite3
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
import torch
import torch.fx
import torch.nn.functional as F
from torch import nn

from inception_edu import build_model, count_params, profile
from inception_edu.__main__ import main
from inception_edu.cheat_sheet import REPORTED
from inception_edu.cost import conv_macs, conv_output_size, factorization_saving, receptive_field
from inception_edu.deck import (
    CARD_MODEL_ID,
    CARDS,
    DECK_ID,
    GLOSSARY_MODEL_ID,
    AnkiExportError,
    card,
    deck_markdown,
    to_html,
    write_anki,
)
from inception_edu.exercises import question
from inception_edu.glossary import GLOSSARY
from inception_edu.layers import Concat, Residual
from inception_edu.losses import inception_loss
from inception_edu.models import MODELS
from inception_edu.models.base import AuxOutputs
from inception_edu.models.googlenet import TABLE_1, googlenet
from inception_edu.models.inception_resnet import inception_resnet_v1, inception_resnet_v2
from inception_edu.models.inception_v3 import Inception8x8
from inception_edu.models.inception_v4 import inception_v4
from inception_edu.residual_scaling import residual_growth

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "12b_interview_cards.ipynb"
SOURCES = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
HAN = re.compile(r"[\u4e00-\u9fff]")


def both(key: str, *texts: str) -> None:
    """Each text (a number as the card writes it) is in the English and the Chinese answer."""
    c = card(key)
    for text in texts:
        assert text in c.answer_en, f"{key}: {text!r} not in the English answer"
        assert text in c.answer_zh, f"{key}: {text!r} not in the Chinese answer"


def pair(key: str, en: str, zh: str) -> None:
    """The same fact in each language's words."""
    c = card(key)
    assert en in c.answer_en, f"{key}: {en!r} not in the English answer"
    assert zh in c.answer_zh, f"{key}: {zh!r} not in the Chinese answer"


def quoted(*texts: str) -> None:
    """A quoted number is listed in docs/sources.md."""
    for text in texts:
        assert text in SOURCES, f"{text!r} is not in docs/sources.md"


def pct(x: float | Fraction, digits: int = 0) -> str:
    return f"{float(x):.{digits}%}"


# --- the deck as data -----------------------------------------------------------------------------


def test_cards_are_complete_bilingual_and_unique():
    assert len(CARDS) == 16 and len({c.key for c in CARDS}) == len(CARDS)
    for c in CARDS:
        assert re.fullmatch(r"[a-z0-9_]+", c.key)
        for text in (c.title_en, c.question_en, c.answer_en):
            assert text and not HAN.search(text), c.key
        for text in (c.title_zh, c.question_zh, c.answer_zh):
            assert HAN.search(text), c.key
        assert (
            c.lectures and all(re.fullmatch(r"\d\d", n) for n in c.lectures) and "12" in c.lectures
        )
        assert c.sources and all(re.match(r"\d{4}\.\d{4,5} ", s) for s in c.sources), c.key
        for source in c.sources:  # every paper a card cites is listed in docs/sources.md
            assert source.split()[0] in SOURCES, (c.key, source)
        # the answer's paragraph and list structure is the same in both languages
        assert c.answer_en.count("\n\n") == c.answer_zh.count("\n\n"), c.key
        assert c.answer_en.count("\n- ") == c.answer_zh.count("\n- "), c.key
        assert c.answer_en.count("$$") == c.answer_zh.count("$$"), c.key


def test_card_lookup_by_key_and_number_and_its_errors():
    assert card("small_kernels") is CARDS[0] and card(1) is CARDS[0] and card(16) is CARDS[-1]
    assert [c.number for c in CARDS] == list(range(1, 17))
    for bad in ("nope", 0, 17, True, None):
        with pytest.raises(KeyError) as err:
            card(bad)
        message = str(err.value)
        assert message.startswith("unknown card") and "small_kernels" in message
        assert "1–16" in message and "\n" not in message and not message.startswith("'")


def test_markdown_shows_both_languages_and_the_sources():
    c = card("residual_scaling")
    text = c._repr_markdown_()
    assert f"> **Q:** {c.question_en}" in text and f'<span lang="zh-Hans">{c.question_zh}' in text
    assert f"**Answer.** {c.answer_en}" in text and '<div lang="zh-Hans">' in text
    assert c.answer_zh in text and "1602.07261 §3.3" in text
    listed = card("costs_of_each_version").markdown()
    assert "**Answer.**\n\n- **Hand-tuned" in listed  # a list is not glued to the label
    plain = deck_markdown()
    assert "<span" not in plain and "<div" not in plain
    assert all(c.question_zh in plain and c.answer_zh in plain for c in CARDS)
    assert repr(c) == "Card('residual_scaling': Why scale the residuals?)"


def test_to_html_renders_the_subset():
    assert to_html("a **b** *c* `d < e`") == "<p>a <b>b</b> <i>c</i> <code>d &lt; e</code></p>"
    assert to_html("- one\n- two") == "<ul><li>one</li><li>two</li></ul>"
    assert to_html("x\n\n1. a\n2. b") == "<p>x</p><ol><li>a</li><li>b</li></ol>"
    assert to_html("$$a_n < b$$") == "<p>\\[a_n &lt; b\\]</p>"
    for c in CARDS:  # no Markdown left over in what Anki shows
        for text in (to_html(c.answer_en), to_html(c.answer_zh)):
            assert "**" not in text and "$$" not in text and "`" not in text, c.key


# --- every number a card states -------------------------------------------------------------------


def test_card_small_kernels():
    c = 64
    weights = {
        k: [nn.Conv2d(c, c, kk, bias=False).weight.numel() for kk in stack]
        for k, stack in ((5, [5]), (7, [7]), (3, [3, 3]), (33, [3, 3, 3]))
    }
    two, three = Fraction(sum(weights[3]), weights[5][0]), Fraction(sum(weights[33]), weights[7][0])
    assert (receptive_field([3, 3]), receptive_field([3, 3, 3])) == (5, 7)
    assert 1 - two == factorization_saving(5, [3, 3]) and 1 - three == factorization_saving(
        7, [3, 3, 3]
    )
    both("small_kernels", "5×5", "7×7", "9 + 9 = 18", f"{two.numerator}/{two.denominator}")
    both("small_kernels", f"{three.numerator}/{three.denominator}", f"−{pct(1 - two)}")
    both("small_kernels", f"−{pct(1 - three)}", "§3.1")
    quoted("always inferior")


def test_card_kernel_3x3_vs_5x5():
    ratio = Fraction(conv_macs(5, 192, 32, 28, 28), conv_macs(3, 192, 32, 28, 28))
    both("kernel_3x3_vs_5x5", f"{ratio.numerator}/{ratio.denominator}", f"{float(ratio):.2f}")
    both("kernel_3x3_vs_5x5", pct(factorization_saving(5, [3, 3])), "1×n + n×1")
    quoted("25/9 = 2.78")


def test_card_one_by_one():
    direct = profile(nn.Conv2d(192, 32, 5, padding=2), (192, 28, 28)).macs
    branch = nn.Sequential(nn.Conv2d(192, 16, 1), nn.ReLU(), nn.Conv2d(16, 32, 5, padding=2))
    reduced = profile(branch, (192, 28, 28)).macs
    both("one_by_one", f"{direct / 1e6:.1f}M", f"{reduced / 1e6:.1f}M", "(3a)", "(4)")


def test_card_versions():
    assert MODELS["inception_v3"].image_size == 299
    both("versions", "22", "1.5G", "299", "7×7 → 1×7 + 7×1", "2014", "2015", "2016")
    pair("versions", "5×5 → two 3×3", "5×5 → 两个 3×3")
    quoted("22 layers", "1.5 billion multiply-adds")


def test_card_aux_classifiers():
    def logits(value: float) -> torch.Tensor:  # two classes whose cross-entropy is `value`
        return torch.tensor([[-math.log(math.exp(value) - 1), 0.0]], dtype=torch.float64)

    out = AuxOutputs(logits(2.0), {"aux1": logits(1.0), "aux2": logits(3.0)})
    loss = inception_loss(out, torch.tensor([0])).item()
    assert math.isclose(loss, 2.0 + 0.3 * 1.0 + 0.3 * 3.0, rel_tol=1e-9)
    net = googlenet(aux_logits=True)
    assert {"aux1", "aux2"} <= {n for n, _ in net.named_children()}
    both("aux_classifiers", "0.3·L_aux1", "4a", "4d", "22", "0.4%")
    pair("aux_classifiers", "trainer uses 0.4", "训练脚本用 0.4")
    quoted("weighted by 0.3", "aux loss weight 0.4", "0.4% absolute gain in top-1")


def test_card_global_average_pooling():
    net = googlenet()
    assert net.fc.in_features == 1024 and count_params(nn.AdaptiveAvgPool2d(1)) == 0
    both("global_average_pooling", "1024", "0.6%")
    quoted("about 0.6%")


def test_card_batch_norm_train_eval():
    bn = nn.BatchNorm2d(3)
    assert bn.momentum == 0.1
    both("batch_norm_train_eval", f"{1 - bn.momentum:.1f}·running + {bn.momentum}·batch", "γ")


def test_card_label_smoothing():
    k, eps = 10, 0.1
    gaps = torch.arange(0, 12, 0.001, dtype=torch.float64)
    logits = torch.zeros(len(gaps), k, dtype=torch.float64)
    logits[:, 0] = gaps
    loss = F.cross_entropy(
        logits, torch.zeros(len(gaps), dtype=torch.long), label_smoothing=eps, reduction="none"
    )
    assert abs(gaps[loss.argmin()].item() - math.log(1 + k * (1 - eps) / eps)) < 2e-3
    both("label_smoothing", "log(1 + K(1 − ε)/ε)", "ε = 0.1", "23.1 → 22.8%")
    both("label_smoothing", f"{23.1 - 22.8:.1f}%")
    quoted("label smoothing ε = 0.1", "+ Label Smoothing 22.8")


def test_card_residual_scaling():
    rows = residual_growth(1.0, blocks=4)
    branch = [r["branch rms"] for r in rows[1:]]
    assert max(branch) / min(branch) < 1.1  # with BN in training every block adds the same
    assert all(abs(r["rms"] / r["additive"] - 1) < 0.1 for r in rows)  # additive growth
    assert math.isclose(0.1**2, 0.01)
    pair("residual_scaling", "a hundredth", "百分之一")
    both("residual_scaling", "1000", "0.1", "0.3", "§3.3", r"n\,s^2\,\mathrm{Var}(F)")
    quoted("more than 1000 filters", "between 0.1 and 0.3")


def test_card_misconception_v4_pooling():
    v4 = inception_v4()

    def pools(part: str, kind: type) -> int:
        return sum(isinstance(m, kind) for m in getattr(v4, part).modules())

    parts = ("stem", "inception_a", "reduction_a", "inception_b", "reduction_b", "inception_c")
    maxes = {p: pools(p, nn.MaxPool2d) for p in parts}
    avgs = {p: pools(p, nn.AvgPool2d) for p in parts}
    assert (sum(maxes.values()), maxes["stem"], maxes["reduction_a"], maxes["reduction_b"]) == (
        4,
        2,
        1,
        1,
    )
    blocks = sum(len(getattr(v4, p)) for p in parts if p.startswith("inception"))
    assert sum(avgs.values()) == blocks == 14
    assert {m.stride for m in v4.modules() if isinstance(m, nn.MaxPool2d)} == {2}
    pair("misconception_v4_pooling", "four max pools", "4 个最大池化")
    pair("misconception_v4_pooling", "two in the stem (Fig. 3)", "stem（茎干）中有 2 个（图 3）")
    pair("misconception_v4_pooling", "one in each reduction block", "两个缩减模块中各 1 个")
    pair("misconception_v4_pooling", "(Figs. 7, 8)", "（图 7、8）")
    pair("misconception_v4_pooling", "stride 2", "步长都是 2")
    pair("misconception_v4_pooling", "the 14 Inception-A/B/C", "14 个 Inception-A/B/C")
    # the traced forward: no pooling outside the pooling layers counted above
    graph = torch.fx.symbolic_trace(nn.Sequential(*v4.children()))
    calls = [n for n in graph.graph.nodes if n.op in ("call_function", "call_method")]
    assert not [n for n in calls if "pool" in getattr(n.target, "__name__", str(n.target))]
    traced = [
        graph.get_submodule(n.target)
        for n in graph.graph.nodes
        if n.op == "call_module" and "pool" in type(graph.get_submodule(n.target)).__name__.lower()
    ]
    assert len(traced) == 4 + 14 + 1  # max, average, the head's global average


def test_card_misconception_ir_v2():
    ir1, ir2 = inception_resnet_v1(), inception_resnet_v2(variant="paper")

    def trunk(net: nn.Module) -> str:
        return " / ".join(
            str(c)
            for c in (
                net.stem.out_channels,
                net.reduction_a.out_channels,
                net.reduction_b.out_channels,
            )
        )

    def blocks(net: nn.Module) -> str:
        parts = (net.inception_resnet_a, net.inception_resnet_b, net.inception_resnet_c)
        return " / ".join(str(len(p)) for p in parts)

    more = count_params(ir2) / count_params(ir1) - 1
    assert blocks(ir1) == blocks(ir2)
    assert type(ir1.reduction_a) is type(ir2.reduction_a) is type(inception_v4().reduction_a)
    both("misconception_ir_v2", trunk(ir2), trunk(ir1), pct(more), blocks(ir2))
    both("misconception_ir_v2", "1154", "2048", "1152", "2144", "Inception-ResNet-v2")
    pair("misconception_ir_v2", "**Half true.**", "**只对了一半。**")
    pair("misconception_ir_v2", "In our build of v2", "在本库构建的 v2 中")
    pair("misconception_ir_v2", "every block has a wider", "每个模块都有更宽的分支")
    pair("misconception_ir_v2", "not from the paper's text", "而非论文正文")
    quoted("IR-v2 1154 (Fig. 17) and 2048 (Fig. 19)")
    quoted("This schema applies to both networks but the underlying components differ")
    quoted("Inception-ResNet-v2 uses the blocks as described in Figures 3, 16, 7, 17, 18 and 19")


def test_card_misconception_v4_residual():
    def residuals(net: nn.Module) -> int:
        return sum(isinstance(m, Residual) for m in net.modules())

    assert residuals(inception_v4()) == 0 and residuals(inception_resnet_v1()) > 0

    def additions(net: nn.Module) -> int:  # x + s·F(x) in the traced forward
        graph = torch.fx.symbolic_trace(nn.Sequential(*net.children()))
        return sum(
            n.op == "call_function" and getattr(n.target, "__name__", "") in ("add", "iadd")
            for n in graph.graph.nodes
        )

    assert additions(inception_v4()) == 0 and additions(inception_resnet_v1()) == 20
    both("misconception_v4_residual", "§1", "§5", "§6")
    pair("misconception_v4_residual", "no residual connection", "没有残差连接")
    quoted("not utilizing residual connections", "a pure Inception variant without residual")
    quoted("whether Inception itself can be made more efficient by making it deeper and wider")
    quoted("we will compare the two pure Inception variants")


def test_card_misconception_error_ladder():
    # the card's numbers are the cheat sheet's (inception_edu.cheat_sheet.REPORTED, one home)
    ensembles = [r for r in REPORTED if r.models > 1]
    singles = [r for r in REPORTED if r.models == 1 and "ResNet" not in r.network]
    assert [r.models for r in ensembles] == [7, 6, 4, 4]
    assert {r.crops for r in ensembles} == {"144"}
    both("misconception_error_ladder", *(f"{r.top5}%" for r in ensembles + singles), "144")
    both("misconception_error_ladder", "0.1%", "0.15%", "§5", "§10", "top-5")
    pair("misconception_error_ladder", "ensembles of 7, 6, 4 and 4 models", "7、6、4 和 4 个模型")
    pair("misconception_error_ladder", "not perfectly comparable", "不完全可比")
    quoted("6.67%", "4.82%", "3.08%", "10.07%", "7.82%", "0.15%", "3.5% top-5", "5.0")
    quoted("For our ensemble, we used 6 networks", "7 models × 144", "4 models × 144 crops")
    quoted("roughly 0.1% worse in top-5 error")


def test_card_costs_of_each_version():
    modules = [r for r in TABLE_1 if r.name.startswith("inception")]
    widths = [(r.ch1x1, r.ch3x3red, r.ch3x3, r.ch5x5red, r.ch5x5, r.pool_proj) for r in modules]
    assert (len(widths[0]), sum(map(len, widths)), len(modules)) == (6, 54, 9)
    pair(
        "costs_of_each_version",
        "sets 6 per module, 54 for its 9 modules",
        "每个模块设 6 个，9 个模块共 54 个",
    )
    # fragments: separate convolutions and pools per block of inception_v4()
    v4 = inception_v4()

    def operators(block: nn.Module) -> int:
        kinds = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)
        return sum(isinstance(m, kinds) for m in block.modules())

    a, b, c = (operators(getattr(v4, p)[0]) for p in ("inception_a", "inception_b", "inception_c"))
    assert (a, b, c) == (8, 11, 11) and sum(isinstance(m, Concat) for m in v4.modules()) > 14
    pair("costs_of_each_version", f"runs {a} separate", f"执行 {a} 个")
    pair("costs_of_each_version", f"-C {c} each", f"各 {b} 个")
    pair("costs_of_each_version", "counts 2 or 3", "只有 2 或 3 个")
    quoted("unfriendly for devices with strong parallel computing powers like GPU")
    # BN: the same image, new batch-mates, in train mode
    moved = {}
    for batch in (2, 32):
        g, bn, total = torch.Generator().manual_seed(0), nn.BatchNorm2d(8).train(), 0.0
        with torch.no_grad():
            for _ in range(100):
                image = torch.randn(1, 8, 4, 4, generator=g)
                mates = [torch.randn(batch - 1, 8, 4, 4, generator=g) for _ in range(2)]
                x, y = (torch.cat([image, m]) for m in mates)
                total += (bn(x)[0] - bn(y)[0]).abs().mean().item()
        moved[batch] = total
    assert moved[2] > 2 * moved[32]
    pair("costs_of_each_version", "more than twice as much at batch 2 as at batch 32", "两倍以上")
    # aux heads
    net = googlenet(aux_logits=True)
    share = (count_params(net.aux1) + count_params(net.aux2)) / count_params(net)
    both("costs_of_each_version", pct(share))
    quoted(
        "did not result in improved convergence early in the training", "did not have any adverse"
    )
    quoted("makes it more difficult to make changes to the network")
    # v4's price
    v3_macs = profile(build_model("inception_v3"), (3, 299, 299)).macs
    v4_macs = profile(v4, (3, 299, 299)).macs
    both("costs_of_each_version", f"{v4_macs / 1e9:.2f} G", f"{v3_macs / 1e9:.2f} G", "299 px")
    both("costs_of_each_version", f"{v4_macs / v3_macs:.2f}", "20.0 / 5.0%", "21.2 / 5.6%")
    quoted("Inception-v3 21.2 / 5.6", "Inception-v4 20.0 / 5.0")
    assert question("12.v4_vs_v3_macs").answer == Fraction(v4_macs, v3_macs)


def test_card_design_principles():
    half = conv_output_size(35, 3, stride=2)
    squeezed, out = half * half * 320, half * half * 640
    assert Fraction(squeezed, out) == Fraction(1, 2)
    with torch.no_grad():
        wide = Inception8x8(1280)(torch.zeros(1, 1280, 8, 8)).shape[1]
    direct = conv_macs(5, 192, 32, 28, 28)
    reduced = conv_macs(1, 192, 16, 28, 28) + conv_macs(5, 16, 32, 28, 28)
    both("design_principles", "35×35×320", f"{squeezed:,}", f"{out:,}", str(wide))
    both("design_principles", f"{direct / 1e6:.1f}M", f"{reduced / 1e6:.1f}M", "1512.00567 §2")
    for n in range(1, 5):  # four numbered principles, each with its quote
        assert f'\n{n}. **"' in card("design_principles").answer_en
        assert f"\n{n}. **“" in card("design_principles").answer_zh
    quoted("Avoid representational bottlenecks, especially early in the network")
    quoted("Balance the width and depth of the network", "as suggested by principle 2")
    assert question("12.principle_reduction").answer == 3


def test_card_depthwise_separable():
    full = nn.Conv2d(512, 512, 3, padding=1, bias=False)
    separable = nn.Sequential(
        nn.Conv2d(512, 512, 3, padding=1, groups=512, bias=False),
        nn.Conv2d(512, 512, 1, bias=False),
    )
    m_full, m_sep = (profile(m, (512, 14, 14)).macs for m in (full, separable))
    assert Fraction(m_sep, m_full) == Fraction(1, 512) + Fraction(1, 9)
    assert (round(m_full / 1e6), round(m_sep / 1e6, 1)) == (462, 52.3)  # MobileNet Table 3
    both("depthwise_separable", f"{m_full:,}", f"{m_sep:,}", f"{m_full / m_sep:.2f}", "462", "52.3")
    both("depthwise_separable", "1/C_out + 1/k²", "14×14×512", "1704.04861 §3.1")
    conv1 = nn.Sequential(
        nn.Conv2d(3, 24, 7, stride=2, padding=3, groups=3, bias=False),
        nn.Conv2d(24, 64, 1, bias=False),
    )
    sep1, plain1 = profile(conv1, (3, 224, 224)), conv_macs(7, 3, 64, 112, 112)
    whole = profile(googlenet(), (3, 224, 224)).macs - plain1 + sep1.macs
    both("depthwise_separable", f"{sep1.params:,}", f"{sep1.macs:,}", f"{plain1 / sep1.macs:.2f}")
    both("depthwise_separable", f"{whole:,}", f"{whole / 1.5e9:.3f}", "1.5 G", "2.7K", "34M")
    pair("depthwise_separable", "depth multiplier 8", "深度乘数为 8")
    quoted("separable convolution with depth multiplier 8", "8 to 9 times less computation")
    quoted("first layer of Inception V1 and Inception V2", "intermediate step in-between")
    assert math.isclose(
        float(question("12.separable_fraction").answer), 1 / 256 + 1 / 9, rel_tol=1e-12
    )


# --- the lecture shows the deck -------------------------------------------------------------------


def _cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_lecture_12_shows_every_card_in_deck_order_with_its_heading():
    shown, headings = [], []
    for cell in _cells():
        text = "".join(cell["source"])
        if cell["cell_type"] == "code":
            for key in re.findall(r'deck\.card\("([a-z0-9_]+)"\)', text):
                shown.append(key)
                # the stored output is the deck's text now (regenerate the lecture after an edit)
                outputs = [o for o in cell["outputs"] if "text/markdown" in o.get("data", {})]
                assert outputs, f"card {key} has no stored output"
                stored = outputs[-1]["data"]["text/markdown"]
                stored = "".join(stored) if isinstance(stored, list) else stored
                assert stored == card(key).markdown(), f"card {key}: stored output is stale"
        else:
            headings += [h for h in text.split("\n") if h.startswith("### Card ")]
    assert shown == [c.key for c in CARDS]
    assert headings == [c.heading for c in CARDS]


def test_card_lectures_exist():
    lectures = {p.name[:2] for p in (ROOT / "notebooks").glob("*.ipynb")}
    for c in CARDS:
        assert set(c.lectures) <= lectures, c.key


# --- the Anki export ------------------------------------------------------------------------------


def _collection(path: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        db = next(n for n in ("collection.anki21", "collection.anki2") if n in names)
        z.extract(db, tmp_path / "unzipped")
    return sqlite3.connect(tmp_path / "unzipped" / db)


def test_anki_export_holds_every_card_and_glossary_term(tmp_path):
    target, cards, terms = write_anki(tmp_path / "inception.apkg")
    assert target.is_file() and (cards, terms) == (len(CARDS), len(GLOSSARY))
    con = _collection(target, tmp_path)
    notes = con.execute("select guid, mid, tags, flds from notes order by id").fetchall()
    assert len(notes) == len(CARDS) + len(GLOSSARY)
    card_notes = {n[3].split("\x1f")[0]: n for n in notes if n[1] == CARD_MODEL_ID}
    assert list(card_notes) == [c.key for c in CARDS]
    for c in CARDS:
        guid, _, tags, fields = card_notes[c.key]
        values = fields.split("\x1f")
        assert len(values) == 8
        front = " ".join(values[1:5])
        assert c.question_en.split(" ")[0] in front and HAN.search(values[4])  # both languages
        assert c.title_zh in values[2] and HAN.search(values[6]) and not HAN.search(values[5])
        assert "<p>" in values[5] or "<ul>" in values[5]  # HTML, not Markdown
        assert c.sources[0].split()[0] in values[7] and "arxiv.org/abs/" in values[7]
        assert set(tags.split()) == {"inception-edu", *(f"lecture{n}" for n in c.lectures)}
    term_notes = [n for n in notes if n[1] == GLOSSARY_MODEL_ID]
    assert len(term_notes) == len(GLOSSARY)
    for (_, _, tags, fields), term in zip(term_notes, GLOSSARY, strict=True):
        en, zh, lecture, _ = fields.split("\x1f")
        assert HAN.search(zh) and not HAN.search(en) and lecture == term.lecture
        assert set(tags.split()) == {"inception-edu", "glossary", f"lecture{term.lecture}"}
    decks = json.loads(con.execute("select decks from col").fetchone()[0])
    assert str(DECK_ID) in decks
    models = json.loads(con.execute("select models from col").fetchone()[0])
    assert {str(CARD_MODEL_ID), str(GLOSSARY_MODEL_ID)} <= set(models)
    # a second export keeps the notes' GUIDs: Anki updates them instead of adding duplicates
    again, _, _ = write_anki(tmp_path / "again.apkg")
    guids = {n[0] for n in notes}
    assert {
        n[0] for n in _collection(again, tmp_path / "2").execute("select guid from notes")
    } == guids
    assert len(guids) == len(notes)


def test_anki_export_without_glossary(tmp_path):
    _, cards, terms = write_anki(tmp_path / "cards.apkg", include_glossary=False)
    assert (cards, terms) == (len(CARDS), 0)
    con = _collection(tmp_path / "cards.apkg", tmp_path)
    assert con.execute("select count(*) from notes").fetchone()[0] == len(CARDS)


def test_anki_export_refuses_bad_paths(tmp_path):
    for bad, words in (
        (tmp_path / "deck.zip", "ending in .apkg"),
        (tmp_path / "missing" / "deck.apkg", "does not exist"),
    ):
        with pytest.raises(AnkiExportError, match=words):
            write_anki(bad)
    (tmp_path / "folder.apkg").mkdir()
    with pytest.raises(AnkiExportError, match="is a folder"):
        write_anki(tmp_path / "folder.apkg")


# --- the command line -----------------------------------------------------------------------------


def test_cli_writes_the_package_and_says_where(tmp_path, capsys):
    target = tmp_path / "inception.apkg"
    assert main(["deck", "--anki", str(target)]) == 0
    out = capsys.readouterr().out
    total = len(CARDS) + len(GLOSSARY)
    assert str(target) in out and f"{total} notes" in out and f"{len(CARDS)} interview cards" in out
    assert zipfile.is_zipfile(target)


@pytest.mark.parametrize(
    ("name", "words"),
    [("deck.txt", "ending in .apkg"), ("missing/deck.apkg", "does not exist"), (".", "ending in")],
)
def test_cli_errors_are_one_sentence(tmp_path, capsys, name, words):
    assert main(["deck", "--anki", str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err
    assert captured.err.count("\n") == 1 and captured.out == ""


def test_cli_prints_the_deck_without_html(capsys):
    assert main(["deck"]) == 0
    out = capsys.readouterr().out
    assert out.count("## Card ") == len(CARDS) and "<span" not in out
    assert all(c.question_en in out and c.question_zh in out for c in CARDS)
    assert main(["deck", "--no-glossary"]) == 2
    assert "--anki" in capsys.readouterr().err
