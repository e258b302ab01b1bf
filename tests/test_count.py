import logging
import warnings

import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from torch import nn
from torchvision import models as tv

from inception_edu import CONVENTION, count_macs, count_params, profile
from inception_edu.cost import conv2d_cost

from .golden import (
    FC_1024_MACS,
    FC_2048_MACS,
    TV_GOOGLENET_3A_PARAMS,
    TV_GOOGLENET_AUX_PARAMS,
    TV_GOOGLENET_MACS,
    TV_GOOGLENET_PARAMS,
    TV_V3_MACS,
    TV_V3_PARAMS,
)


def fvcore_by_op(model: nn.Module, x: torch.Tensor) -> dict[str, int]:
    from fvcore.nn import FlopCountAnalysis

    logging.getLogger("fvcore").setLevel(logging.ERROR)
    analysis = FlopCountAnalysis(model.eval(), x)
    analysis.unsupported_ops_warnings(False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {k: int(v) for k, v in analysis.by_operator().items()}


conv_configs = st.fixed_dictionaries(
    {
        "groups": st.sampled_from([1, 2, 3, 4]),
        "cin_per_group": st.integers(1, 4),
        "cout_per_group": st.integers(1, 4),
        "kh": st.integers(1, 5),
        "kw": st.integers(1, 5),
        "stride": st.tuples(st.integers(1, 3), st.integers(1, 3)),
        "dilation": st.tuples(st.integers(1, 2), st.integers(1, 2)),
        "padding": st.one_of(
            st.tuples(st.integers(0, 2), st.integers(0, 2)), st.just("same"), st.just("valid")
        ),
        "bias": st.booleans(),
        "h": st.integers(5, 20),
        "w": st.integers(5, 20),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=conv_configs)
def test_conv_macs_equal_formula_torch_and_fvcore(cfg):
    if cfg["padding"] == "same":
        assume(cfg["stride"] == (1, 1))  # torch only allows 'same' at stride 1
    span_h = cfg["dilation"][0] * (cfg["kh"] - 1) + 1
    span_w = cfg["dilation"][1] * (cfg["kw"] - 1) + 1
    pad = (0, 0) if isinstance(cfg["padding"], str) else cfg["padding"]
    assume(span_h <= cfg["h"] + 2 * pad[0] and span_w <= cfg["w"] + 2 * pad[1])
    c_in, c_out = cfg["groups"] * cfg["cin_per_group"], cfg["groups"] * cfg["cout_per_group"]
    conv = nn.Conv2d(
        c_in,
        c_out,
        (cfg["kh"], cfg["kw"]),
        stride=cfg["stride"],
        padding=cfg["padding"],
        dilation=cfg["dilation"],
        groups=cfg["groups"],
        bias=cfg["bias"],
    )
    prof = profile(conv, (c_in, cfg["h"], cfg["w"]))
    expected = conv2d_cost(
        c_in,
        c_out,
        (cfg["kh"], cfg["kw"]),
        cfg["h"],
        cfg["w"],
        cfg["stride"],
        cfg["padding"],
        cfg["dilation"],
        cfg["groups"],
        cfg["bias"],
    )
    assert prof.rows[0].output_shape == (c_out, expected.out_h, expected.out_w)
    assert prof.macs == expected.macs
    assert prof.params == count_params(conv) == expected.params
    assert prof.bias_adds == expected.bias_adds
    assert prof.torch_flops == 2 * expected.macs  # torch.utils.flop_counter
    fv = fvcore_by_op(conv, torch.randn(1, c_in, cfg["h"], cfg["w"])).get("conv", 0)
    if isinstance(cfg["padding"], str):
        assert fv == 0  # fvcore's trap: padding="same"/"valid" convs count as 0
    else:
        assert fv == expected.macs


@settings(max_examples=25, deadline=None)
@given(
    n_in=st.integers(1, 64),
    n_out=st.integers(1, 64),
    batch=st.integers(1, 3),
    extra=st.integers(0, 4),
    bias=st.booleans(),
)
def test_linear_macs_equal_formula_and_fvcore(n_in, n_out, batch, extra, bias):
    layer = nn.Linear(n_in, n_out, bias=bias)
    positions = max(extra, 1)  # a Linear applied at every position of a (N, 1, P, F) input
    shape = (batch, 1, positions, n_in)
    prof = profile(layer, shape)
    assert prof.macs == positions * n_in * n_out
    assert prof.bias_adds == (positions * n_out if bias else 0)
    assert prof.torch_flops == 2 * prof.macs
    fv = fvcore_by_op(layer, torch.randn(shape))
    assert (fv.get("linear", 0) + fv.get("addmm", 0) + fv.get("matmul", 0)) // batch == prof.macs


def test_torchvision_googlenet_counts():
    model = tv.googlenet(aux_logits=False, init_weights=True)
    prof = profile(model, (3, 224, 224))
    assert prof.params == count_params(model) == TV_GOOGLENET_PARAMS
    assert (prof.conv_macs, prof.linear_macs) == (1_497_352_192, FC_1024_MACS)
    assert prof.macs == count_macs(model, (3, 224, 224)) == TV_GOOGLENET_MACS
    assert prof.unattributed_macs == 0 and not prof.uncounted


def test_torchvision_inception_v3_counts():
    model = tv.inception_v3(aux_logits=False, init_weights=True)
    prof = profile(model, (3, 299, 299))
    assert prof.params == TV_V3_PARAMS
    assert (prof.conv_macs, prof.linear_macs) == (5_711_168_096, FC_2048_MACS)
    assert prof.macs == TV_V3_MACS


def test_aux_heads_count_in_train_mode_only_and_model_is_untouched():
    model = tv.googlenet(aux_logits=True, init_weights=True).eval()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    eval_prof = profile(model, (3, 224, 224), mode="eval")
    train_prof = profile(model, (3, 224, 224), mode="train")  # returns a namedtuple
    assert {u.name for u in eval_prof.not_run} == {"aux1", "aux2"}
    assert eval_prof.params == train_prof.params == TV_GOOGLENET_AUX_PARAMS
    assert eval_prof.params_run == TV_GOOGLENET_PARAMS
    assert not train_prof.not_run
    aux_macs = sum(r.macs for r in train_prof.rows if r.name.startswith("aux"))
    assert train_prof.macs == eval_prof.macs + aux_macs and aux_macs > 0
    assert not model.training
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)  # BN statistics restored


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(1))

    def forward(self, x):
        return x * self.gamma


class Odd(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.scale = Scale()
        self.weight = nn.Parameter(torch.randn(2, 4, 1, 1))

    def forward(self, x):
        return F.conv2d(self.scale(self.conv(x)), self.weight)  # a functional conv


def test_unknown_modules_and_functional_convs_are_reported_not_dropped():
    prof = profile(Odd(), (3, 10, 10))
    assert {u.name for u in prof.uncounted} == {"scale", "(model)"}
    # the functional conv is a row of its own, named after the module that called it
    functional = [r for r in prof.rows if r.type == "functional convolution"]
    assert [(r.name, r.kind, r.macs) for r in functional] == [("(model)", "conv", 4 * 2 * 8 * 8)]
    assert prof.macs == prof.conv_macs == 3 * 3 * 3 * 4 * 8 * 8 + 4 * 2 * 8 * 8
    assert prof.functional_macs == 512 and prof.unattributed_macs == 0
    assert prof.torch_flops == 2 * prof.macs and count_macs(Odd(), (3, 10, 10)) == prof.macs
    text = prof.table()
    assert "uncounted: scale (Scale), (model) (Odd)" in text
    assert "functional conv/matmul calls (F.conv2d, F.linear … in a forward): 512 MACs" in text
    assert CONVENTION in text and CONVENTION in prof._repr_html_()


def test_group_sums_to_totals():
    prof = profile(tv.googlenet(aux_logits=False, init_weights=True), (3, 224, 224))
    blocks = prof.group(1)
    assert sum(b.macs for b in blocks) == prof.macs
    assert sum(b.params for b in blocks) == prof.params
    names = [b.name for b in blocks]
    assert names[:3] == ["conv1", "maxpool1", "conv2"] and "inception3a" in names
    assert next(b for b in blocks if b.name == "inception3a").params == TV_GOOGLENET_3A_PARAMS


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((nn.Conv2d(3, 4, 3), (3, 8)), ValueError, r"\(C, H, W\)"),
        ((nn.Conv2d(3, 4, 3), "224"), TypeError, "input_size"),
        ((nn.Conv2d(3, 4, 3), (3, 2, 2)), RuntimeError, "forward pass of Conv2d failed"),
        (("not a model", (3, 8, 8)), TypeError, "nn.Module"),
    ],
)
def test_bad_input_gives_clear_errors(args, error, match):
    with pytest.raises(error, match=match):
        profile(*args)


def test_int_input_size_means_square_rgb():
    conv = nn.Conv2d(3, 8, 3, padding=1)
    assert count_macs(conv, 16) == 3 * 3 * 3 * 8 * 16 * 16


def test_functional_activations_are_counted_once():
    # torchvision's BasicConv2d is conv → BN module → F.relu: every BN output goes through a ReLU
    prof = profile(tv.googlenet(aux_logits=False, init_weights=True), (3, 224, 224))
    assert prof.functional == {"act_ops": prof.norm_ops} and prof.act_ops == 3_226_160
    assert "functional calls" in prof.summary()
    # ops inside counted modules (LRN is built from avg_pool3d) are not counted again
    seq = nn.Sequential(
        nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2), nn.LocalResponseNorm(3)
    )
    prof = profile(seq, (3, 16, 16))
    assert prof.functional == {}
    assert (prof.act_ops, prof.pool_ops, prof.norm_ops) == (
        8 * 14 * 14,
        8 * 7 * 7 * 4,
        8 * 14 * 14 + 8 * 7 * 7,
    )
