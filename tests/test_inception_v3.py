import pytest
import timm
import torch
from torchvision import models as tv

from inception_edu import AuxOutputs, count_params, load_reference_weights, profile
from inception_edu.models.inception_v3 import inception_v3, inception_v3_small
from inception_edu.reference import WeightMappingError

from .helpers import randomize_bn, rel_err


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


# --- lecture 08 additions: Table 1 as printed, the deviations, the factorized_7x7 switch -------


def test_table_1_chain_and_its_one_inconsistency():
    """Each printed input size follows from the row before, except the last stem conv: an
    unpadded 3×3/1 on 35×35 gives 33×33, yet the next row reads 35×35 (REFERENCE §3.5)."""
    from inception_edu.cost import conv_output_size
    from inception_edu.models.inception_v3 import TABLE_1

    stem = TABLE_1[:8]
    consistent = []
    for row, nxt in zip(stem[:-1], stem[1:], strict=True):
        stride = int(row.patch.split("/")[1])
        pad = 1 if "padded" in row.type else 0
        consistent.append(conv_output_size(row.input_size[0], 3, stride, pad) == nxt.input_size[0])
    assert consistent == [True, True, True, True, True, True, False]
    assert TABLE_1[-1].input_size == (1, 1, 1000) and TABLE_1[7].input_size == (35, 35, 288)


def test_deviations_are_v1_to_v12():
    from inception_edu.models.inception_v3 import DEVIATIONS

    assert [d.id for d in DEVIATIONS] == [f"V{i}" for i in range(1, 13)]
    assert all(d.paper and d.reference and d.source for d in DEVIATIONS)


def test_factorized_7x7_default_keeps_the_release():
    default, explicit = (
        inception_v3(aux_logits=True),
        inception_v3(aux_logits=True, factorized_7x7=True),
    )
    assert list(default.state_dict()) == list(explicit.state_dict())
    assert [v.shape for v in default.state_dict().values()] == [
        v.shape for v in explicit.state_dict().values()
    ]
    assert default.factorized_7x7 and not hasattr(default, "Conv2d_1a_7x7")


def test_unfactorized_stem_one_7x7_same_grid():
    from inception_edu.cost import conv_macs, conv_params

    model = inception_v3(factorized_7x7=False).eval()
    assert not any(hasattr(model, n) for n in ("Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3"))
    with torch.no_grad():
        after_pool = model.maxpool1(model.Conv2d_1a_7x7(torch.zeros(1, 3, 299, 299)))
        assert after_pool.shape == (1, 64, 73, 73)
        assert model(torch.randn(1, 3, 299, 299)).shape == (1, 1000)
    three = conv_params(3, 3, 32) + conv_params(3, 32, 32) + conv_params(3, 32, 64) + 2 * 128
    assert count_params(model) == 23_834_568 - three + conv_params(7, 3, 64) + 2 * 64
    three_macs = conv_macs(3, 3, 32, 149, 149) + conv_macs(3, 32, 32, 147, 147)
    three_macs += conv_macs(3, 32, 64, 147, 147)
    macs = profile(model, (3, 299, 299)).macs
    assert macs == 5_713_216_096 - three_macs + conv_macs(7, 3, 64, 147, 147)


@pytest.mark.parametrize("size", [32, 128])
def test_small_variant_unfactorized(size):
    model = inception_v3_small(image_size=size, aux_logits=True, factorized_7x7=False)
    out = model.train()(torch.randn(2, 3, size, size))
    assert out.logits.shape == (2, 10) and out.aux["aux"].shape == (2, 10)
    first = model.Conv2d_1a_7x7.conv
    assert first.kernel_size == (7, 7) and first.stride == (2, 2)  # the compact stem keeps it
    assert first.padding == ((3, 3) if size < 75 else (0, 0))  # 'same' in the compact stem
