import pytest
import torch
from torch import nn
from torchvision import models as tv

from inception_edu import AuxOutputs, count_params, load_reference_weights, profile
from inception_edu.cost import conv_macs
from inception_edu.losses import inception_loss
from inception_edu.models.googlenet import (
    DEVIATIONS,
    Inception,
    NaiveInception,
    googlenet,
    googlenet_small,
    googlenet_torchvision,
)
from inception_edu.paper_tables import table1_comparison

from .golden import (
    BRANCH_5X5_DIRECT_MACS,
    FC_1024_PARAMS,
    GOOGLENET_CONV1_MACS,
    GOOGLENET_PAPER_CONV_MACS,
    GOOGLENET_PAPER_PARAMS,
    INCEPTION_3A_MACS,
    INCEPTION_3A_WEIGHTS,
    NAIVE_3A_MACS,
    NAIVE_3A_WEIGHTS,
    NAIVE_3B_MACS,
    TABLE_1_MACS,
    TV_GOOGLENET_3A_PARAMS,
    TV_GOOGLENET_AUX_PARAMS,
    TV_GOOGLENET_PARAMS,
)
from .helpers import randomize_bn, rel_err


def test_paper_build_counts():
    model = googlenet(variant="paper")
    assert count_params(model) == GOOGLENET_PAPER_PARAMS
    assert profile(model, (3, 224, 224)).conv_macs == GOOGLENET_PAPER_CONV_MACS
    assert count_params(googlenet(variant="paper", aux_logits=True)) == 13_378_280
    assert isinstance(model.lrn1, nn.LocalResponseNorm) and not any(
        isinstance(m, nn.BatchNorm2d) for m in model.modules()
    )


def test_torchvision_build_equals_torchvision():
    theirs = randomize_bn(tv.googlenet(aux_logits=True, init_weights=True))
    ours = load_reference_weights(googlenet_torchvision(aux_logits=True), theirs.state_dict())
    assert count_params(ours) == count_params(theirs) == TV_GOOGLENET_AUX_PARAMS
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        out = ours.eval()(x)
        assert isinstance(out, AuxOutputs) and out.aux == {}
        assert rel_err(theirs.eval()(x), out.logits) <= 1e-5
        torch.manual_seed(0)
        t = theirs.train()(x)
        torch.manual_seed(0)
        o = ours.train()(x)
    assert rel_err(t.logits, o.logits) <= 1e-5
    assert rel_err(t.aux_logits1, o.aux["aux1"]) <= 1e-5  # unpacked by name: no order trap
    assert rel_err(t.aux_logits2, o.aux["aux2"]) <= 1e-5
    no_aux = googlenet_torchvision()
    assert count_params(no_aux) == TV_GOOGLENET_PARAMS
    assert isinstance(no_aux.train()(x), torch.Tensor)


def test_per_block_params_match_torchvision():  # REFERENCE §1.5
    blocks = {b.name: b.params for b in profile(googlenet_torchvision(), (3, 224, 224)).group(1)}
    expected = {
        "conv1": 9_536,
        "inception3a": TV_GOOGLENET_3A_PARAMS,
        "inception4e": 803_840,
        "fc": FC_1024_PARAMS,
    }
    assert {k: blocks[k] for k in expected} == expected


def test_the_5x5_bug_costs_380928_params():
    paper_bn = googlenet(variant="small", width=1.0)  # BN + 5×5: torchvision with the bug fixed
    assert count_params(paper_bn) - count_params(googlenet_torchvision()) == 380_928
    assert googlenet().inception3a.branch3[1].conv.kernel_size == (5, 5)
    assert googlenet_torchvision().inception3a.branch3[1].conv.kernel_size == (3, 3)


def test_table_1_recomputed_with_known_discrepancies():
    checks = {c.row.name + c.row.patch: c for c in table1_comparison(googlenet())}
    assert len(checks) == 12
    conv1 = checks["convolution7×7/2"]
    assert (conv1.weights, conv1.macs) == (9_408, GOOGLENET_CONV1_MACS)  # printed: 2.7K, 34M
    bad_params = {k for k, c in checks.items() if not c.params_agree}
    bad_ops = {k for k, c in checks.items() if not c.ops_agree}
    assert bad_ops == {"convolution7×7/2", "inception (5a)"}  # 118M vs 34M; 51.1M vs 54M
    assert bad_params == {
        "convolution7×7/2",
        "inception (4a)",
        "inception (4c)",
        "inception (4d)",
        "inception (4e)",
        "inception (5a)",
        "inception (5b)",
    }
    assert checks["inception (3a)"].weights == INCEPTION_3A_WEIGHTS
    assert checks["inception (3a)"].macs == INCEPTION_3A_MACS
    assert sum(c.macs for c in checks.values()) == TABLE_1_MACS


def test_naive_module_costs_and_channel_snowball():  # REFERENCE §3.2
    naive_3a = NaiveInception(192, 64, 128, 32)
    naive_3b = NaiveInception(416, 128, 192, 96)
    p3a, p3b = profile(naive_3a, (192, 28, 28)), profile(naive_3b, (416, 28, 28))
    weights = sum(m.weight.numel() for m in naive_3a.modules() if isinstance(m, nn.Conv2d))
    assert (weights, p3a.macs) == (NAIVE_3A_WEIGHTS, NAIVE_3A_MACS)
    assert p3a.rows[-1].output_shape[0] == 192
    assert naive_3a(torch.randn(1, 192, 28, 28)).shape == (1, 416, 28, 28)
    assert p3b.macs == NAIVE_3B_MACS and naive_3b(torch.randn(1, 416, 28, 28)).shape[1] == 832
    reduced = Inception(192, 64, 96, 128, 16, 32, 32)
    assert profile(reduced, (192, 28, 28)).macs == INCEPTION_3A_MACS
    assert conv_macs(5, 192, 32, 28, 28) == BRANCH_5X5_DIRECT_MACS


def test_aux_return_type_depends_on_build_not_mode():
    x = torch.randn(2, 3, 224, 224)
    with_aux = googlenet(aux_logits=True)
    train, evaluation = with_aux.train()(x), with_aux.eval()(x)
    assert isinstance(train, AuxOutputs) and isinstance(evaluation, AuxOutputs)
    assert set(train.aux) == {"aux1", "aux2"} and evaluation.aux == {}
    target = torch.tensor([1, 2])
    loss = inception_loss(train, target)
    main = nn.functional.cross_entropy(train.logits, target)
    aux = sum(nn.functional.cross_entropy(v, target) for v in train.aux.values())
    assert torch.allclose(loss, main + 0.3 * aux)


def test_paper_aux_head_needs_its_input_size():
    model = googlenet(aux_logits=True).train()
    with pytest.raises(ValueError, match="at least 223×223"):
        model(torch.randn(2, 3, 200, 200))
    with pytest.raises(ValueError, match="223–270 px"):
        model(torch.randn(2, 3, 300, 300))


@pytest.mark.parametrize("size", [32, 128])
def test_small_variant_runs(size):
    model = googlenet_small(image_size=size, aux_logits=True)
    out = model.train()(torch.randn(2, 3, size, size))
    assert out.logits.shape == (2, 10) and out.aux["aux1"].shape == (2, 10)
    assert profile(model, (3, size, size)).macs < 400_000_000


def test_deviations_are_real():
    ids = {d.id for d in DEVIATIONS}
    assert ids == {f"G{i}" for i in range(1, 8)}
    paper, ref = googlenet(aux_logits=True), googlenet_torchvision(aux_logits=True)
    assert isinstance(paper.aux1.pool, nn.AvgPool2d) and isinstance(
        ref.aux1.pool, nn.AdaptiveAvgPool2d
    )  # G6
    assert paper.maxpool4.kernel_size == 3 and ref.maxpool4.kernel_size == 2  # G4
    assert paper.dropout.p == 0.4 and ref.dropout.p == 0.2  # G5
    assert hasattr(paper, "lrn1") and not hasattr(ref, "lrn1")  # G3
