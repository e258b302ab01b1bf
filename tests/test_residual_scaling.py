"""residual_growth: the two regimes lectures 10 and 12 teach (1602.07261 §3.3)."""

import pytest

from inception_edu.residual_scaling import residual_growth

SMALL = dict(width=64, size=4, batch=4)


def test_with_bn_in_train_mode_growth_is_additive():
    rows = residual_growth(1.0, 12, **SMALL)
    branch = [r["branch rms"] for r in rows[1:]]
    # BN renormalizes every branch's input: each block adds a branch of about the same size
    assert max(branch) / min(branch) < 1.15
    for r in rows[1:]:
        # mean squares add; the ReLU after the addition can only take some away
        assert 0.85 * r["additive"] <= r["rms"] <= r["additive"] * (1 + 1e-6)


def test_with_bn_frozen_and_he_init_growth_compounds():
    unscaled = residual_growth(1.0, 12, init="he", bn="identity", **SMALL)
    scaled = residual_growth(0.1, 12, init="he", bn="identity", **SMALL)
    # the branch grows with the trunk: block 12's branch is many times block 1's
    assert unscaled[-1]["branch rms"] > 20 * unscaled[1]["branch rms"]
    assert scaled[-1]["branch rms"] < 1.3 * scaled[1]["branch rms"]
    assert unscaled[-1]["growth"] > 10 * scaled[-1]["growth"]
    # the same stack with batch statistics stays additive
    train = residual_growth(1.0, 12, init="he", bn="train", **SMALL)
    assert train[-1]["growth"] < unscaled[-1]["growth"] / 5


def test_same_seed_same_weights_for_every_scale():
    a = residual_growth(1.0, 1, **SMALL)[1]["branch rms"]
    b = residual_growth(0.25, 1, **SMALL)[1]["branch rms"]
    assert b == pytest.approx(0.25 * a, rel=1e-5)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(scale=-1.0, blocks=2), "scale must be a number ≥ 0"),
        (dict(scale=0.1, blocks=0), "blocks must be an int ≥ 1"),
        (dict(scale=0.1, blocks=2, batch=1), "batch must be an int ≥ 2"),
        (dict(scale=0.1, blocks=2, bn="eval"), "bn must be 'train' or 'identity'"),
        (dict(scale=0.1, blocks=2, init="xavier"), "init must be 'default' or 'he'"),
    ],
)
def test_bad_input_is_a_sentence(kwargs, message):
    with pytest.raises(ValueError, match=message):
        residual_growth(**kwargs)
