"""Bad input to the zoo, the counter and the weight loader: one sentence each, never a torch error
and never a silently wrong number.

Models are built on the meta device where only shapes matter (every check here runs before or
instead of arithmetic), so the whole registry is covered in seconds.
"""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from inception_edu import MODELS, build_model, count_macs, profile
from inception_edu.models.googlenet import googlenet_small
from inception_edu.models.inception_resnet import wide_residual_stack
from inception_edu.models.inception_v4 import inception_v4_small
from inception_edu.reference import WeightMappingError, load_reference_weights, map_state_dict

NAMES = list(MODELS)
AUX = [n for n in NAMES if "aux_logits" in MODELS[n].options]


def meta_model(name: str, **options) -> nn.Module:
    with torch.device("meta"):
        return build_model(name, num_classes=3, **options)


def meta_batch(model: nn.Module, n: int, h: int, w: int | None = None, **kw) -> torch.Tensor:
    return torch.empty(n, model.in_channels, h, w or h, device="meta", **kw)


# --- 1. build_model options ---------------------------------------------------------------------

BAD_NUM_CLASSES = [
    (0, ValueError, "num_classes must be a positive int, got 0"),
    (-1, ValueError, "num_classes must be a positive int, got -1"),
    (1.5, TypeError, "num_classes must be a positive int, got 1.5"),
    ("ten", TypeError, "num_classes must be a positive int, got 'ten'"),
    (True, TypeError, "num_classes must be a positive int, got True"),
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("value", "error", "message"), BAD_NUM_CLASSES)
def test_num_classes_must_be_a_positive_int(name, value, error, message):
    with pytest.raises(error, match=f"^{message}$"), torch.device("meta"):
        build_model(name, num_classes=value)


# option → (bad value, expected sentence); each registered model is tried with every option it has
BAD_OPTIONS = {
    "width": [(0, "width must be a positive finite number, got 0"),
              (-0.5, "width must be a positive finite number, got -0.5"),
              (math.nan, "width must be a positive finite number, got nan"),
              ("wide", "width must be a positive number, got 'wide'"),
              (True, "width must be a positive number, got True")],
    "in_channels": [(0, "in_channels must be a positive int, got 0"),
                    (2.5, "in_channels must be a positive int, got 2.5"),
                    (True, "in_channels must be a positive int, got True")],
    "image_size": [(0, "image_size must be a positive int, got 0"),
                   (31.5, "image_size must be a positive int, got 31.5")],
    "dropout": [(1.0, r"dropout must be a probability in \[0, 1\), got 1.0"),
                (-0.1, r"dropout must be a probability in \[0, 1\), got -0.1"),
                ("half", r"dropout must be a probability in \[0, 1\), got 'half'")],
    "dropout_aux": [(1.5, r"dropout_aux must be a probability in \[0, 1\), got 1.5")],
    "repeats": [((2, 2), r"repeats must be three block counts \(a, b, c\), got \(2, 2\)"),
                ((2, -1, 2), r"repeats must be three block counts ≥ 0, got \(2, -1, 2\)")],
    "scale_a": [(math.inf, "scale_a must be a finite number, got inf")],
    "aux_logits": [("yes", "aux_logits must be True or False, got 'yes'")],
    "bn": [(1, "bn must be True or False, got 1")],
}  # fmt: skip
CASES = [
    (name, option, value, message)
    for name in NAMES
    for option, bad in BAD_OPTIONS.items()
    if option in MODELS[name].options
    for value, message in bad
]


@pytest.mark.parametrize(("name", "option", "value", "message"), CASES)
def test_bad_option_values_get_one_sentence(name, option, value, message):
    with pytest.raises((ValueError, TypeError), match=f"^{message}$"), torch.device("meta"):
        build_model(name, num_classes=3, **{option: value})


def test_every_model_has_some_checked_option():
    assert len(CASES) > 100 and {c[0] for c in CASES} == set(NAMES)


def test_direct_builder_calls_are_checked_too():
    with pytest.raises(ValueError, match="^width must be a positive finite number, got 0$"):
        googlenet_small(width=0)
    with pytest.raises(ValueError, match=r"^image_size must be a positive int, got -32$"):
        inception_v4_small(image_size=-32)
    with pytest.raises(TypeError, match="^stride must be a positive int, got 2.5$"):
        wide_residual_stack(stride=2.5)


@pytest.mark.parametrize("name", NAMES)
def test_unknown_option_lists_the_accepted_ones(name):
    accepted = MODELS[name].options
    with pytest.raises(TypeError, match=f"^{name} has no option 'colour'; it accepts num_classes"):
        build_model(name, colour="red")
    try:
        build_model(name, colour="red")
    except TypeError as err:
        assert all(f"{k}=" in str(err) for k in accepted)


def test_unknown_or_non_string_model_name_lists_the_registered_ones():
    for name in ("inception_v9", 3, None):
        with pytest.raises(ValueError, match=f"unknown model {name!r}; choose one of: nin, "):
            build_model(name)


def test_presets_list_only_the_options_they_leave_open():
    assert "variant" not in MODELS["inception_resnet_v2_paper"].options
    with pytest.raises(TypeError, match="has no option 'variant'"):
        build_model("inception_resnet_v2_paper", variant="tf_slim")


# --- 2. dtypes and devices ----------------------------------------------------------------------

BAD_DTYPES = [torch.uint8, torch.int64, torch.bool, torch.complex64]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", BAD_DTYPES, ids=str)
def test_non_floating_batches_are_refused_like_a_wrong_shape(name, dtype):
    model = meta_model(name).eval()
    x = meta_batch(model, 1, model.min_image_size, dtype=dtype)
    short = str(dtype).removeprefix("torch.")
    with pytest.raises(
        ValueError, match=f"expects a floating-point batch N×C×H×W, got dtype {short}"
    ):
        model(x)


def test_uint8_images_get_a_conversion_hint_and_mismatches_a_sentence():
    model = build_model("nin", num_classes=3).eval()
    with pytest.raises(ValueError, match=r"convert images with x.float\(\) / 255"):
        model(torch.zeros(1, 3, 32, 32, dtype=torch.uint8))
    with pytest.raises(ValueError, match="^NIN has float32 weights, got a float64 batch; "):
        model(torch.zeros(1, 3, 32, 32, dtype=torch.float64))
    with pytest.raises(ValueError, match="^NIN is on cpu, got a batch on meta; "):
        model(torch.zeros(1, 3, 32, 32, device="meta"))
    with torch.autocast("cpu", dtype=torch.bfloat16), torch.no_grad():  # autocast mixes dtypes
        assert model(torch.zeros(1, 3, 32, 32, dtype=torch.bfloat16)).shape == (1, 3)


# --- 3. one image in train mode -----------------------------------------------------------------


def _trains(model: nn.Module, h: int, w: int | None = None) -> bool | str:
    try:
        model(meta_batch(model, 1, h, w))
    except ValueError as err:
        assert "cannot train on a single" in str(err) and "model.eval()" in str(err), err
        return str(err)
    return True


BUILDS = [(n, {}) for n in NAMES] + [(n, {"aux_logits": True}) for n in AUX]


@pytest.mark.parametrize(
    ("name", "options"), BUILDS, ids=[n + ("+aux" if o else "") for n, o in BUILDS]
)
def test_one_image_in_train_mode_trains_or_gets_a_sentence(name, options):
    model = meta_model(name, **options).train()
    smallest = model.min_image_size
    if options and model.min_aux_image_size:
        smallest = model.min_aux_image_size
    _trains(model, smallest)  # either result is fine, a torch error is not
    _trains(model, MODELS[name].image_size)
    # the limits are tight: one pixel less is refused, the limit trains (longer side decides)
    aux = model.min_single_aux_train_size if options else 1
    need = None if aux is None else max(model.min_single_train_size, aux)
    if need is None:
        assert _trains(model, 2 * smallest + 400) is not True
        return
    assert _trains(model, max(need, smallest)) is True
    assert _trains(model, smallest, max(need, smallest)) is True
    if need - 1 >= smallest:
        assert f"at least {need}×{need}" in _trains(model, need - 1)
    model.eval()
    assert _trains(model, smallest) is True  # eval mode takes one image at any valid size


def test_refusal_comes_before_the_forward_and_changes_nothing():
    model = build_model("googlenet_small", num_classes=3, width=0.125, image_size=32).train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with pytest.raises(ValueError, match="cannot train on a single 28×28 image"):
        model(torch.randn(1, 3, 28, 28))
    assert all(torch.equal(v, model.state_dict()[k]) for k, v in before.items())
    model(torch.randn(1, 3, 29, 29)).sum().backward()  # the stated limit trains for real
    model(torch.randn(2, 3, 28, 28))  # and two images train below it


def test_profile_passes_the_sentence_on_with_its_class():
    model = build_model("inception_v4_small", num_classes=3, image_size=32)
    with pytest.raises(ValueError, match="cannot train on a single 40×40 image"):
        profile(model, (1, 3, 40, 40), mode="train")
    assert profile(model, (3, 40, 40), mode="train").macs > 0  # batch 2 by default


def test_frozen_batchnorm_trains_on_one_image_at_any_size():
    model = meta_model("inception_v4_small", image_size=32).train()
    assert isinstance(_trains(model, 25), str)  # refused
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eval()  # fine-tuning with frozen statistics: no batch statistics needed
    assert _trains(model, 25) is True


def test_an_adaptive_aux_head_with_bn_never_trains_on_one_image():
    model = meta_model("inception_v3_small", image_size=32, aux_logits=True).train()
    assert model.min_single_aux_train_size is None
    assert "the aux head's last BatchNorm" in _trains(model, 299)
    no_bn = meta_model("inception_v3_small", image_size=32, aux_logits=True, aux_bn=False)
    assert _trains(no_bn.train(), 41) is True


# --- 4. the counter sees functional convs and matmuls -------------------------------------------


class FunctionalConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 3, 3, 3))

    def forward(self, x):
        return F.conv2d(x, self.weight)


class FunctionalLinear(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(5, 12))
        self.bias = nn.Parameter(torch.zeros(5))

    def forward(self, x):
        return F.linear(x.flatten(1), self.weight, self.bias)


@pytest.mark.parametrize(
    ("module", "size", "macs", "kind"),
    [
        (FunctionalConv(), (3, 8, 8), 4 * 6 * 6 * 27, "conv"),
        (FunctionalLinear(), (3, 2, 2), 5 * 12, "linear"),
        (nn.Sequential(nn.Conv2d(3, 3, 1), FunctionalConv()), (3, 8, 8), 3 * 3 * 64 + 3888, "conv"),
    ],
)
def test_functional_calls_are_counted_not_a_silent_zero(module, size, macs, kind):
    for mode in ("eval", "train"):
        prof = profile(module, size, mode=mode)
        assert prof.macs == count_macs(module, size, mode) == macs
        assert prof.unattributed_macs == 0 and prof.torch_flops == 2 * macs
        assert [r.kind for r in prof.rows if r.type.startswith("functional")] == [kind]
        assert "functional conv/matmul calls" in prof.summary()


# --- 5. positional weight mapping checks names --------------------------------------------------


@pytest.fixture(scope="module")
def small_v4():
    torch.manual_seed(0)
    model = build_model("inception_v4_small", num_classes=3, image_size=32)
    return model, model.state_dict()


def _swap(keys: list[str], a: str, b: str) -> list[str]:
    keys = list(keys)
    i, j = keys.index(a), keys.index(b)
    keys[i], keys[j] = keys[j], keys[i]
    return keys


def test_same_shape_tensors_in_a_different_order_are_refused(small_v4):
    model, sd = small_v4
    a, b = "stem.Mixed_3a.branch3x3.conv.weight", "stem.Mixed_4a.branch3x3.1.conv.weight"
    assert sd[a].shape == sd[b].shape
    # an older checkpoint: the classifier was called differently, two convs stored swapped
    rename = {"head.fc.weight": "classifier.weight", "head.fc.bias": "classifier.bias"}
    theirs = {rename.get(k, k): sd[k] for k in _swap(list(sd), a, b)}
    with pytest.raises(WeightMappingError, match=f"{b} would load into {a}, but InceptionV4 has"):
        load_reference_weights(model, theirs)


def test_a_statistic_mapped_onto_a_weight_is_refused(small_v4):
    model, sd = small_v4
    bn = "stem.Conv2d_1a_3x3.bn"
    order = _swap(list(sd), f"{bn}.weight", f"{bn}.running_mean")
    theirs = {f"features.{i}.{k.rsplit('.', 1)[1]}": sd[k] for i, k in enumerate(order)}
    with pytest.raises(WeightMappingError, match=r"\(a running_mean into a weight\)"):
        map_state_dict(model, theirs)


def test_wrapper_prefixes_map_by_name_whatever_the_order(small_v4):
    model, sd = small_v4
    order = _swap(
        list(sd), "stem.Mixed_3a.branch3x3.conv.weight", "stem.Mixed_4a.branch3x3.1.conv.weight"
    )
    theirs = {f"module._orig_mod.{k}": sd[k] for k in order}
    mapped = map_state_dict(model, theirs)
    assert all(mapped[k] is sd[k] for k in sd)


def test_things_that_are_not_state_dicts_get_a_sentence(small_v4):
    model, sd = small_v4
    with pytest.raises(TypeError, match="expected a state dict .* got str; for a file use"):
        load_reference_weights(model, "weights.pth")
    with pytest.raises(TypeError, match="these entries do not: meta"):
        load_reference_weights(model, {**sd, "meta": {"epoch": 3}})
    with pytest.raises(TypeError, match="expected an nn.Module to load into, got OrderedDict"):
        load_reference_weights(sd, sd)
