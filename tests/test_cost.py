from fractions import Fraction

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from torch import nn

from inception_edu.cost import (
    asymmetric_saving,
    conv2d_cost,
    conv_macs,
    conv_output_size,
    conv_params,
    depthwise_separable_cost,
    factorization_saving,
    human,
    linear_macs,
    linear_params,
    percent,
    receptive_field,
)

from .golden import (
    BRANCH_5X5_DIRECT_MACS,
    BRANCH_5X5_DIRECT_WEIGHTS,
    BRANCH_5X5_REDUCED_MACS,
    BRANCH_5X5_REDUCED_WEIGHTS,
    FC_1024_MACS,
    FC_1024_PARAMS,
    GOOGLENET_CONV1_MACS,
    TV_GOOGLENET_MACS,
)


def test_googlenet_3a_5x5_branch_reduction_numbers():
    # SYLLABUS 03 / REFERENCE §3.2: 28×28×192 → 32 maps, naive vs a 16-map 1×1 reduction
    direct = conv_macs(5, 192, 32, 28, 28)
    reduced = conv_macs(1, 192, 16, 28, 28) + conv_macs(5, 16, 32, 28, 28)
    assert (direct, reduced) == (BRANCH_5X5_DIRECT_MACS, BRANCH_5X5_REDUCED_MACS)
    assert conv_params(5, 192, 32) == BRANCH_5X5_DIRECT_WEIGHTS
    assert conv_params(1, 192, 16) + conv_params(5, 16, 32) == BRANCH_5X5_REDUCED_WEIGHTS


def test_conv1_of_googlenet_is_not_the_paper_row():
    cost = conv2d_cost(3, 64, 7, 224, 224, stride=2, padding=3)
    assert (cost.out_h, cost.out_w, cost.params) == (112, 112, 9_408)
    assert cost.macs == GOOGLENET_CONV1_MACS
    assert cost.flops == 2 * cost.macs
    assert conv2d_cost(3, 64, 7, 224, 224, stride=2, padding=3, bias=True).params == 9_472


def test_factorization_savings_are_the_papers():
    assert factorization_saving(5, [3, 3]) == Fraction(7, 25)  # 28%
    assert factorization_saving(3, [(1, 3), (3, 1)]) == Fraction(1, 3)  # 33%
    assert factorization_saving(3, [2, 2]) == Fraction(1, 9)  # 11%
    assert asymmetric_saving(7) == Fraction(5, 7)  # 71.4%
    assert percent(factorization_saving(5, [3, 3])) == "28.0%"
    assert percent(asymmetric_saving(7)) == "71.4%"


def test_receptive_field_of_two_3x3_is_5x5():
    assert receptive_field([3, 3]) == 5
    assert receptive_field([3, 3, 3]) == 7
    assert receptive_field([3, 3], [2, 1]) == 7


def test_linear_formulas():
    assert linear_params(1024, 1000) == FC_1024_PARAMS
    assert linear_params(1024, 1000, bias=False) == linear_macs(1024, 1000) == FC_1024_MACS


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: conv_params(3, 10, 8, groups=4), ValueError, "groups=4 must divide"),
        (lambda: conv_output_size(4, 7), ValueError, "at least 7"),
        (lambda: conv_output_size(0, 3), ValueError, "size must be ≥ 1"),
        (lambda: conv_params((3, 3, 3), 4, 4), TypeError, "pair of ints"),
        (lambda: conv_output_size(8, 3, padding="full"), ValueError, "padding"),
        (lambda: factorization_saving(5, []), ValueError, "at least one"),
        (lambda: asymmetric_saving(1), ValueError, "n must be"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_human():
    assert human(9_408) == "9.4K"
    assert human(TV_GOOGLENET_MACS) == "1.50G"
    assert human(12) == "12"


@settings(max_examples=150, deadline=None)
@given(
    size=st.integers(1, 40),
    kernel=st.integers(1, 7),
    stride=st.integers(1, 4),
    padding=st.integers(0, 3),
    dilation=st.integers(1, 3),
    ceil_mode=st.booleans(),
)
def test_output_size_matches_torch_pooling(size, kernel, stride, padding, dilation, ceil_mode):
    assume(padding <= kernel // 2)
    pool = nn.MaxPool2d(kernel, stride, padding, dilation, ceil_mode=ceil_mode)
    try:
        expected = pool(torch.zeros(1, 1, size, size)).shape[-1]
    except RuntimeError:  # torch refuses: so must the formula
        with pytest.raises(ValueError, match="does not fit"):
            conv_output_size(size, kernel, stride, padding, dilation, ceil_mode)
        return
    assert conv_output_size(size, kernel, stride, padding, dilation, ceil_mode) == expected


@pytest.mark.parametrize(("k", "c", "hw"), [(3, 256, 28), (3, 512, 14), (5, 64, 7)])
def test_depthwise_separable_cost_matches_built_layers_and_mobilenets_formula(k, c, hw):
    from inception_edu.count import profile

    cost = depthwise_separable_cost(k, c, c, hw, hw)
    dense = nn.Conv2d(c, c, k, padding=k // 2, bias=False)
    split = nn.Sequential(
        nn.Conv2d(c, c, k, padding=k // 2, groups=c, bias=False), nn.Conv2d(c, c, 1, bias=False)
    )
    assert cost.dense == profile(dense, (c, hw, hw)).macs
    assert cost.separable == profile(split, (c, hw, hw)).macs
    assert cost.fraction == Fraction(1, c) + Fraction(1, k * k)  # 1704.04861 §3.1
