from torch import nn
from torchvision import models as tv

from inception_edu import reconcile

from .golden import TV_GOOGLENET_MACS, TV_V3_AUX_PARAMS


def terms(rec):
    return {(t.tool, t.term): t.theirs for t in rec.terms}


def test_googlenet_every_tool_reconciles_exactly():
    rec = reconcile(tv.googlenet(aux_logits=False, init_weights=True), (3, 224, 224))
    assert rec.all_explained, rec.text()
    got = terms(rec)
    fvcore_total = sum(v for (tool, _), v in got.items() if tool == "fvcore")
    assert fvcore_total == 1_504_878_688  # REFERENCE §1.2
    assert got[("fvcore", "batch_norm")] == 6_452_320
    assert got[("torchinfo", "Mult-Adds")] == 1_498_391_752
    assert got[("torch.utils.flop_counter", "FLOPs")] == 2 * TV_GOOGLENET_MACS


def test_inception_v3_with_aux_head_in_eval_mode():
    rec = reconcile(tv.inception_v3(aux_logits=True, init_weights=True), (3, 299, 299))
    assert rec.all_explained, rec.text()
    got = terms(rec)
    assert got[("torchinfo", "Mult-Adds")] == 5_713_251_528
    assert got[("torchinfo", "Total params")] == TV_V3_AUX_PARAMS
    assert "AuxLogits" in rec.text()  # the aux head did not run, and the table says so


def test_timm_bn_inside_non_leaf_module_is_invisible_to_torchinfo():
    import timm

    rec = reconcile(timm.create_model("inception_v3"), (3, 299, 299))
    assert rec.all_explained, rec.text()
    assert terms(rec)[("torchinfo", "Mult-Adds")] == 5_713_217_096  # REFERENCE §1.2


def test_same_padding_trap_is_explained():
    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding="same"), nn.ReLU(), nn.Conv2d(8, 4, 1))
    rec = reconcile(model, (3, 16, 16))
    assert rec.all_explained, rec.text()
    assert terms(rec)[("fvcore", "conv")] == 8 * 4 * 16 * 16  # the 3×3 'same' conv counted as 0
    assert "padding='same'" in rec.text()


def test_functional_pooling_is_counted_and_explained():
    # torchvision's GoogLeNet aux heads pool with F.adaptive_avg_pool2d, not a module
    rec = reconcile(tv.googlenet(aux_logits=True, init_weights=True), (3, 224, 224), mode="train")
    assert rec.all_explained, rec.text()
    assert terms(rec)[("fvcore", "adaptive_avg_pool2d")] == 50_176 + (512 + 528) * 14 * 14
    assert "203,840 of it in functional F.adaptive_avg_pool2d calls" in rec.text()


def test_an_unexplained_difference_is_shown_not_hidden():
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.Upsample(scale_factor=2))
    rec = reconcile(model, (3, 8, 8))
    bad = rec.unexplained()
    assert [(t.tool, t.term) for t in bad] == [("fvcore", "upsample_nearest2d")]
    assert bad[0].theirs == 4 * 16 * 16 and bad[0].predicted == 0
    assert "≠" in rec.text() and "✗" in rec._repr_html_()
