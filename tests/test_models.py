"""One parametrized suite over the registry: every model builds, runs, counts and checks input."""

import inspect

import pytest
import torch

from inception_edu import MODELS, AuxOutputs, build_model, count_params, profile
from inception_edu.reference import load_reference_weights

from .helpers import fvcore_conv_linear, randomize_bn, rel_err

NAMES = list(MODELS)


@pytest.mark.parametrize("name", NAMES)
def test_model_runs_counts_and_matches_fvcore(name):
    card = MODELS[name]
    model = build_model(name, num_classes=7).eval()
    size = card.image_size
    x = torch.randn(1, model.in_channels, size, size)
    with torch.no_grad():
        out = model(x)
    logits = out.logits if isinstance(out, AuxOutputs) else out
    assert logits.shape == (1, 7) and torch.isfinite(logits).all()
    prof = profile(model, (model.in_channels, size, size))
    assert not prof.uncounted and prof.unattributed_macs == 0
    assert prof.params == count_params(model)
    assert prof.macs == fvcore_conv_linear(model, x)
    from torchinfo import summary

    stats = summary(model, input_data=x, verbose=0)
    assert stats.total_params == prof.params


@pytest.mark.parametrize("name", NAMES)
def test_bad_input_is_refused_before_the_forward_pass(name):
    model = build_model(name, num_classes=7).eval()
    c, smallest = model.in_channels, model.min_image_size
    with pytest.raises(ValueError, match="4-D"):
        model(torch.randn(c, 64, 64))
    with pytest.raises(ValueError, match=f"expects {c} input channels"):
        model(torch.randn(1, c + 1, 299, 299))
    with pytest.raises(ValueError, match=f"at least {smallest}×{smallest}"):
        model(torch.randn(1, c, smallest - 1, smallest - 1))
    with torch.no_grad():
        model(torch.randn(1, c, smallest, smallest))  # the stated minimum really runs


@pytest.mark.parametrize("name", [n for n in NAMES if MODELS[n].reference is not None])
def test_equals_reference_after_weight_transfer(name):
    theirs = randomize_bn(MODELS[name].reference()).eval()
    ours = build_model(name).eval()
    assert count_params(ours) == count_params(theirs)
    load_reference_weights(ours, theirs.state_dict())
    x = torch.randn(1, 3, 160, 160)
    with torch.no_grad():
        assert rel_err(theirs(x), ours(x)) <= 1e-5


@pytest.mark.parametrize(
    "name",
    [n for n in NAMES if "aux_logits" in inspect.signature(MODELS[n].builder).parameters],
)
def test_aux_output_type_is_the_same_in_both_modes(name):
    card = MODELS[name]
    model = build_model(name, num_classes=5, aux_logits=True)
    size = max(card.image_size, model.min_aux_image_size or 0)
    x = torch.randn(2, model.in_channels, size, size)
    with torch.no_grad():
        train, evaluation = model.train()(x), model.eval()(x)
    assert isinstance(train, AuxOutputs) and isinstance(evaluation, AuxOutputs)
    assert train.aux and all(v.shape == (2, 5) for v in train.aux.values())
    assert evaluation.aux == {}


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(ValueError, match="googlenet"):
        build_model("inception_v9")
