import pytest
import timm
import torch
from torchvision import models as tv

from inception_edu import AuxOutputs, count_params, load_reference_weights, profile
from inception_edu.models.inception_v3 import inception_v3, inception_v3_small
from inception_edu.reference import WeightMappingError

from .test_googlenet import randomize_bn, rel_err


def test_equals_torchvision_with_aux_head():
    theirs = randomize_bn(tv.inception_v3(aux_logits=True, init_weights=True))
    ours = load_reference_weights(inception_v3(aux_logits=True), theirs.state_dict())
    assert count_params(ours) == count_params(theirs) == 27_161_264
    x = torch.randn(2, 3, 299, 299)
    with torch.no_grad():
        assert rel_err(theirs.eval()(x), ours.eval()(x).logits) <= 1e-5
        torch.manual_seed(0)
        t = theirs.train()(x)
        torch.manual_seed(0)
        o = ours.train()(x)
    assert rel_err(t.logits, o.logits) <= 1e-5 and rel_err(t.aux_logits, o.aux["aux"]) <= 1e-5


def test_equals_timm():
    theirs = randomize_bn(timm.create_model("inception_v3"), seed=1).eval()
    ours = load_reference_weights(inception_v3(), theirs.state_dict()).eval()
    assert count_params(ours) == count_params(theirs) == 23_834_568
    x = torch.randn(1, 3, 160, 160)
    with torch.no_grad():
        assert rel_err(theirs(x), ours(x)) <= 1e-5


def test_profile_blocks_match_reference():  # REFERENCE §1.5
    blocks = {b.name: b.params for b in profile(inception_v3(), (3, 299, 299)).group(1)}
    assert blocks["Mixed_5b"] == 255_904 and blocks["Mixed_6e"] == 2_141_952
    assert blocks["Mixed_7c"] == 6_076_800


def test_mismatched_weights_are_refused_with_keys():
    with pytest.raises(WeightMappingError, match="tensors, the reference has"):
        load_reference_weights(inception_v3(aux_logits=True), inception_v3().state_dict())
    with pytest.raises(WeightMappingError, match="shape mismatches"):
        load_reference_weights(inception_v3(num_classes=10), inception_v3().state_dict())


def test_min_input_sizes():
    model = inception_v3(aux_logits=True)
    with pytest.raises(ValueError, match="at least 75×75"):
        model.eval()(torch.randn(1, 3, 74, 74))
    assert model.eval()(torch.randn(1, 3, 75, 75)).logits.shape == (1, 1000)
    with pytest.raises(ValueError, match="at least 299×299 with its aux heads"):
        model.train()(torch.randn(2, 3, 298, 298))


@pytest.mark.parametrize("size", [32, 128])
def test_small_variant(size):
    model = inception_v3_small(image_size=size, aux_logits=True)
    out = model.train()(torch.randn(2, 3, size, size))
    assert isinstance(out, AuxOutputs) and out.aux["aux"].shape == (2, 10)
    assert count_params(model) < 2_000_000
    assert profile(model, (3, size, size)).macs < 250_000_000
