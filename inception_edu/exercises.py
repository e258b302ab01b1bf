"""Self-checked exercises: ``check(qid, answer)``, ``hint(qid)``, ``reveal(qid)``.

Feedback is specific: a known wrong answer (FLOPs instead of MACs, a forgotten bias, the input
size used where the output size belongs) gets its own explanation, never a bare "wrong"; any
other wrong answer is told how far off it is ("about 2.2× too large", "off by 12% (too
small)"). The notebooks' placeholder ``...`` is not wrong but unanswered: a neutral prompt.

**Reading answers** (:func:`read_answer`, one function; the tables below it are data). English
and Chinese forms are all read: ``118013952``, ``118,013,952``, ``118_013_952``, thin or
narrow no-break spaces and full-width ``，`` between digit groups, full-width digits,
``1.18e8``, ``1.18×10⁸``, scale words ``118M``, ``1.5G``, ``12k``, ``2.4 million``, ``1.18亿``,
``1180万``, unit words (``MACs``, ``params``, ``px``, ``乘加``, ``个参数`` …), ratio marks
(``9x``, ``9×``, ``9倍``), approximation marks (``≈``, ``~``, ``about``, ``approx.``, ``约``,
``大约``), ``45%``, ``0.45`` and ``22/49`` alike on a ratio, and Chinese numerals through
:mod:`cn2an` (``一千二百万``, ``一点二亿``, ``百分之四十五``, ``四十九分之二十二``). A number
labelled with the wrong unit (``FLOPs`` on a MACs question) is told so.

**Rounded answers.** An answer is right to the precision it states: it must be the exact
value rounded to the digits it shows (``12.4M`` is 12,443,648 rounded to 100,000s), with at
least the question's ``sig_figs`` significant figures (default 3) — or fewer that happen to land
as close, a relative error within 0.5·10^(1 − sig_figs) = 0.5% (``45%`` for 22/49 = 44.9%).
An integer's trailing zeros may or may not be significant: the finest reading that fits counts
(``7,000,000`` for 6,998,552 is 7.00M). An answer written in full must be exact; a float keeps
the digits of its shortest form (float32 too, so a tensor's ``.item()`` reads as typed). A
question's explicit ``rel_tol`` accepts anything that close as well. A value 5% off is never
right. A rounding that fits a known mistake just as well is sent back for more digits, and a
question whose mistakes lie that close declares more ``sig_figs``.

A question may carry its Chinese wording (``prompt_zh``) and, for a multiple-choice question,
its ``options``: the answer is then the 1-based number of the right option, and ``"C"``,
``"(C)"``, ``"option 3"``, ``"选C"``, ``"选项C"``, ``"答案是C"`` are read as that option too.
The bank is data: each lecture's ``QUESTIONS`` in :mod:`inception_edu.questions`, looked up by
ID (:func:`question`, :func:`questions_for`). :func:`check_question` checks a
:class:`~inception_edu.question.Question` that is not in the bank (the randomly drawn drills of
:mod:`inception_edu.drills`).
"""

from __future__ import annotations

import html
import math
import operator
import re
import unicodedata
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .question import Number, Question


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`check`; renders as coloured HTML in a notebook.

    Three states: right (green ✓), wrong (red ✗) and ``pending`` — no answer yet, a neutral
    prompt (grey-blue ✎). Only a right answer is truthy.
    """

    qid: str
    correct: bool
    message: str
    pending: bool = False

    @property
    def mark(self) -> str:
        return "✎" if self.pending else "✓" if self.correct else "✗"

    def __str__(self) -> str:
        return f"{self.mark} {self.qid}: {self.message}"

    def __bool__(self) -> bool:
        return self.correct

    def _repr_html_(self) -> str:
        colour = "#5b6b82" if self.pending else "#1b7f3b" if self.correct else "#b3261e"
        return (
            f"<div style='border-left:4px solid {colour};padding:4px 8px'>"
            f"<b style='color:{colour}'>{self.mark} {html.escape(self.qid)}</b> "
            f"{html.escape(self.message)}</div>"
        )


def question(qid: str) -> Question:
    """Look up a question of the bank; an unknown ID lists the known ones of that lecture."""
    from .questions import BANK  # the banks build and count models: loaded on first lookup

    if qid not in BANK:
        prefix = qid.split(".")[0]
        near = [k for k in BANK if k.startswith(prefix)] or sorted(BANK)
        raise KeyError(f"no question {qid!r}; known: {', '.join(near)}")
    return BANK[qid]


def questions_for(lecture: str) -> list[Question]:
    """All questions of a lecture ("00", "03", …), in the order it asks them."""
    from .questions import BANK

    return [q for k, q in BANK.items() if k.startswith(f"{lecture}.")]


# ==============================================================================================
# Reading answers
# ==============================================================================================

# scale words and suffixes → factor (matched lower-cased, so "M" and "m" are both 10⁶)
_SCALES: dict[str, int | Fraction] = {
    word: factor
    for factor, words in (
        (10**3, "k|thousand|thousands|千"),
        (10**4, "万"),
        (10**6, "m|mio|mn|million|millions|百万"),
        (10**7, "千万"),
        (10**8, "亿"),
        (10**9, "g|b|bn|billion|billions|十亿"),
        (10**12, "t|trillion|trillions|万亿"),
        (Fraction(1, 100), "%|percent|per cent|pct"),
        (Fraction(1, 1000), "‰"),
    )
    for word in words.split("|")
}
# unit words → the unit they name
_UNITS: dict[str, str] = {
    word: unit
    for unit, words in {
        "MACs": "macs|mac|mult-adds|multiply-adds|multiply-accumulates|乘加|次乘加|乘加运算",
        "FLOPs": "flops|flop|浮点运算|次浮点运算",
        "params": "params|param|parameters|parameter|weights|参数|个参数",
        "px": "px|pixels|pixel|像素|个像素",
        "channels": "channels|channel|ch|maps|通道|个通道",
        "values": "values|activations|个值",
        "crops": "crops|crop",
        "passes": "passes|pass|forward passes",
        "": "x|×|times|fold|倍|次|个",  # ratio marks and counter words: fine on any question
    }.items()
    for word in words.split("|")
}
# what may stand before or after the number: approximation marks and "the answer is"
_AROUND = re.compile(
    r"^(?:approximately|approx\.?|about|around|roughly|circa|ca\.|nearly|almost|[≈~∼≃≅=:]"
    r"|大约|大概|约为|约|差不多|(?:the\s+)?answer(?:\s+is)?|答案(?:是|为)?)\s*"
    r"|\s*(?:左右|上下|[.。!！])$"
)
_CHOICE = re.compile(r"^(?:选项|选择|选|option|choice|no\.?|#|第)\s*|\s*(?:项|个|号|选项)$")
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点负壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_SCALES = ("万亿", "千万", "百万", "亿", "万", "千")  # split off when cn2an needs it
_DECIMAL = r"(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
_CHINESE = rf"(?=[\d.]*[{_CN_DIGITS}])[\d.{_CN_DIGITS}]+"  # one Chinese numeral at least
_PART = rf"(?:{_DECIMAL}|{_CHINESE})"


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_GRAMMAR = re.compile(
    rf"(?P<sign>[-+])?\s*(?:(?P<num>{_PART})\s*/\s*(?P<den>{_PART})|(?P<dec>{_DECIMAL})"
    rf"|(?P<cn>{_CHINESE}))"
    rf"(?:\s*[x×*·]\s*10\s*(?:\^|\*\*)\s*(?P<exp>[-+]?\d+))?"
    rf"\s*(?P<scale>{_alternatives(_SCALES)})?\s*(?P<unit>{_alternatives(_UNITS)})?"
)
_GROUP_SEPARATOR = re.compile(r"(?<=\d)[,_' ’](?=\d{3}(?!\d))")  # after NFKC: ，→, U+2009→' '
_SUPERSCRIPT = re.compile(r"(?<=10)[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")  # 10⁸ → 10^8 (NFKC would make it 108)
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_UNANSWERED = {"", "...", "…", "?"}
_DIGITS = 1000  # longer numbers are refused (Python's int → str gives up at 4300 digits)
_SLACK = 1 + Fraction(1, 10**9)  # float answers (25/9 as a float) sit a hair off the rounding


class Unreadable(TypeError):
    """An answer that is not a number (its message is one sentence)."""


@dataclass(frozen=True)
class Reading:
    """An answer as read: its exact value and the rounding unit its last digit shows — a
    range for an integer, whose trailing zeros may or may not be significant (``7,000,000``
    is 7M or 7.00M); 0 when exact (a fraction, or an integer written in full). Also the
    unit word it named and how close counts as numerically equal (float32 inputs: 2⁻²³)."""

    value: Fraction
    step: Fraction = Fraction(0)  # the coarsest rounding unit the digits may mean
    fine: Fraction = Fraction(0)  # the finest (= step unless trailing zeros)
    unit: str = ""  # the unit word's unit ("MACs", "FLOPs" …); "" for none or a ratio mark
    tol: float = 1e-9

    def scaled(self, factor: Fraction, unit: str = "") -> Reading:
        return Reading(
            self.value * factor,
            self.step * abs(factor),
            self.fine * abs(factor),
            unit or self.unit,
            self.tol,
        )

    def rounding(self, exact: Fraction) -> Fraction | None:
        """The finest rounding unit the digits allow at which this is ``exact`` rounded."""
        unit = self.fine or self.step
        while unit and unit <= self.step:
            if 2 * abs(self.value - exact) <= unit * _SLACK:
                return unit
            unit *= 10
        return None

    def sig_figs(self, exact: Fraction) -> int:
        """How many significant figures are right when this is ``exact`` rounded."""
        unit = self.rounding(exact)
        return len(str(round(abs(self.value) / unit))) if unit and self.value else 0


def _decimal(text: str) -> Reading:
    """'118.0' → 118 to 1/10; '118000000' → 118000000 to 10**6 (or finer, down to 1)."""
    d = Decimal(text)
    if not d:
        return Reading(Fraction(0))
    if abs(d.adjusted()) > _DIGITS:
        raise Unreadable(f"Your answer is out of range (beyond 10^±{_DIGITS})")
    fine = Fraction(10) ** d.as_tuple().exponent
    step = fine
    if "." not in text and "e" not in text.lower():
        digits = text.lstrip("+-")
        step *= 10 ** (len(digits) - len(digits.rstrip("0")))
    return Reading(Fraction(d), step, fine)


def _chinese(text: str) -> Reading:
    """Chinese numerals ('一千二百万', '一点二', '1千2百') through cn2an; a trailing 万/亿 it
    cannot combine with a decimal ('一点二亿') is applied here."""
    import cn2an

    for scale in ("", *_CN_SCALES):
        mantissa = text.removesuffix(scale) if scale else text
        if scale and (mantissa == text or not mantissa):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                number = cn2an.cn2an(mantissa, "smart")
        except (ValueError, KeyError, IndexError, TypeError):
            continue
        reading = _decimal(repr(number) if isinstance(number, float) else str(number))
        return reading.scaled(Fraction(_SCALES[scale] if scale else 1))
    raise Unreadable(f"Could not read {text!r} as a number")


def _normalise(text: str) -> str:
    """Full-width forms, group separators, superscripts and decimal commas → plain ASCII."""
    text = _SUPERSCRIPT.sub(lambda m: "^" + m.group(0).translate(_FROM_SUPERSCRIPT), text)
    text = unicodedata.normalize("NFKC", text).replace("−", "-").lower()
    text = re.sub(r"\s+", " ", text).strip()
    text = _GROUP_SEPARATOR.sub("", text)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # a comma left between digits: 2,78 → 2.78
    while (shorter := _AROUND.sub("", text, count=1)) != text:
        text = shorter
    text = re.sub(r"^百分之(.+)$", r"\1%", text)  # 百分之四十五 → 四十五%
    return re.sub(r"^(.+?)分之(.+)$", r"\2/\1", text)  # 四十九分之二十二 → 二十二/四十九


def _read_text(text: str, unit: str) -> Reading:
    if len(text) > 100:
        raise Unreadable("Your answer is too long to be one number")
    match = _GRAMMAR.fullmatch(_normalise(text))
    if not match:
        raise Unreadable(f"Could not read {text!r} as a number")
    if match["num"]:
        num, den = (
            _chinese(p).value if re.search(f"[{_CN_DIGITS}]", p) else Fraction(p)
            for p in (match["num"], match["den"])
        )
        if not den:
            raise Unreadable(f"Your answer {text!r} divides by zero")
        reading = Reading(num / den)
    elif match["dec"]:
        reading = _decimal(match["dec"])
    else:
        reading = _chinese(match["cn"])
    if match["exp"] and abs(int(match["exp"])) > _DIGITS:
        raise Unreadable(f"Your answer is out of range (beyond 10^±{_DIGITS})")
    factor = Fraction(10) ** int(match["exp"]) if match["exp"] else Fraction(1)
    if match["scale"]:
        factor *= _SCALES[match["scale"]]
    elif unit == "%" and not match["num"] and reading.value > 1:
        factor /= 100  # a percentage question: 28 means 28%
    if match["sign"] == "-":
        factor = -factor
    return reading.scaled(factor, _UNITS[match["unit"]] if match["unit"] else "")


def _read_number(answer: object) -> Reading:
    """Numbers that are not strings: ints (numpy, 0-d tensors), Fractions, floats."""
    if isinstance(answer, Fraction):
        return Reading(answer)
    try:
        n = operator.index(answer)  # int, numpy integer, integer tensor
    except TypeError:
        pass
    else:
        if n.bit_length() > 3.33 * _DIGITS:
            raise Unreadable(f"Your answer is out of range (beyond 10^±{_DIGITS})")
        return _decimal(str(n))
    try:
        x = float(answer)  # floats, numpy floats, 0-d float tensors
    except (TypeError, ValueError, OverflowError):
        raise Unreadable(
            f"Your answer {answer!r} is not a number"
            if len(repr(answer)) < 40
            else f"Your answer (a {type(answer).__name__}) is not a number"
        ) from None
    if math.isnan(x):
        raise Unreadable(f"Your answer {answer!r} is not a number")
    if math.isinf(x):
        raise Unreadable(f"Your answer {answer!r} is not a finite number")
    if x.is_integer():
        return _read_number(int(x))
    import numpy as np

    if float(np.float32(x)) == x:  # a float32 (a tensor's .item()): read its short form
        reading = _decimal(str(np.float32(x)))
        return Reading(reading.value, reading.step, reading.fine, tol=2**-23)
    return _decimal(repr(x))


def read_answer(answer: object, unit: str = "") -> Reading:
    """Read an answer (see the module docstring for the forms); raise :class:`Unreadable`."""
    if isinstance(answer, bool) or answer is None or answer is ...:
        raise Unreadable(f"Your answer {answer!r} is not a number")
    if isinstance(answer, str):
        try:
            return _read_text(answer, unit)
        except (InvalidOperation, ValueError, ZeroDivisionError):
            raise Unreadable(f"Could not read {answer!r} as a number") from None
    reading = _read_number(answer)
    if unit == "%" and reading.value > 1:  # a percentage question: 28 means 28%
        return reading.scaled(Fraction(1, 100))
    return reading


def parse_answer(answer: object, unit: str = "") -> float:
    """:func:`read_answer`'s value as a float ('1.5G' → 1.5e9, '28%' → 0.28)."""
    try:
        return float(read_answer(answer, unit).value)
    except OverflowError:
        raise Unreadable(f"Your answer {answer!r} is too large for a float") from None


def _read_choice(answer: object, q: Question) -> int | Fraction:
    """A multiple-choice answer: 3, 'C', 'c', '(C)', 'C)', 'option 3', '选C', '答案是C', '三'."""
    if isinstance(answer, str):
        text = _normalise(answer)
        while (shorter := _CHOICE.sub("", text, count=1)) != text:
            text = shorter
        text = text.strip("()[] ")
        if re.fullmatch(r"[a-z]", text):
            number = ord(text) - ord("a") + 1
            if number > len(q.options):
                raise Unreadable(f"There is no option {text.upper()}")
            return number
        answer = text
    return read_answer(answer).value


# ==============================================================================================
# Checking
# ==============================================================================================


def check(qid: str, answer: object) -> Feedback:
    """Check an answer and say precisely what is right or wrong about it."""
    return check_question(question(qid), answer)


def _unit_name(q: Question) -> str:
    return {"params": "parameters", "px": "pixels"}.get(q.unit, q.unit)


def _expected_form(q: Question) -> str:
    """How to write an answer to ``q`` (generic examples, never the answer)."""
    if q.options:
        last = chr(ord("A") + len(q.options) - 1)
        return f"an option number 1–{len(q.options)} or its letter A–{last} (e.g. 2, B or 选B)"
    if q.unit == "%":
        return "a fraction or a percentage (a number like 0.28, 28% or 7/25)"
    if not q.unit:
        return "a number, like 2.5, 5/2 or 250%"
    examples = "1234567, 1,234,567, 1.23M or 123.5万" if abs(q.answer) >= 1e5 else "123 or 1,234"
    return f"a number of {_unit_name(q)}, like {examples}"


def _unanswered(answer: object) -> bool:
    return (
        answer is ...
        or answer is None
        or (isinstance(answer, str) and answer.strip() in _UNANSWERED)
    )


def _pending(q: Question, answer: object) -> Feedback:
    if isinstance(answer, str):
        return Feedback(q.qid, False, f"Type your answer: {_expected_form(q)}.", pending=True)
    return Feedback(
        q.qid, False, f"Your answer: replace `...` with {_expected_form(q)}.", pending=True
    )


def check_question(q: Question, answer: object) -> Feedback:
    """:func:`check` for a :class:`Question` object (e.g. a drawn drill not in the bank).

    Never raises: any answer gets a verdict, a how-far-off message or a one-sentence note on
    how to write it; an unanswered ``...`` gets a neutral prompt.
    """
    if _unanswered(answer):
        return _pending(q, answer)
    try:
        reading = Reading(Fraction(_read_choice(answer, q))) if q.options else None
        reading = reading or read_answer(answer, q.unit)
    except (Unreadable, ArithmeticError, ValueError) as err:
        why = str(err) or f"Could not read {answer!r}"
        return Feedback(q.qid, False, f"{why}: write {_expected_form(q)}.")
    return _verdict_choice(q, reading.value) if q.options else _verdict(q, reading)


def _verdict_choice(q: Question, value: Fraction) -> Feedback:
    if value == q.answer:
        return Feedback(q.qid, True, f"Correct: {answer_text(q).rstrip('.')}.")
    for wrong, why in q.mistakes:
        if value == wrong:
            return Feedback(q.qid, False, f"Not quite — {why}")
    if value.denominator == 1 and 1 <= value <= len(q.options):
        letter = chr(ord("A") + int(value) - 1)
        return Feedback(
            q.qid,
            False,
            f"Not quite: option {value} ({letter}) is not it. "
            f"Hint: {q.hint or 'reread the options'} (reveal('{q.qid}') shows the solution).",
        )
    return Feedback(
        q.qid,
        False,
        f"Not quite: {_num(value)} is not one of the options 1–{len(q.options)} "
        f"(reveal('{q.qid}') shows the solution).",
    )


def _rel(value: Fraction, exact: Fraction) -> Fraction | float:
    if exact:
        return abs(value - exact) / abs(exact)
    return 0 if not value else math.inf


def _pinned(q: Question, r: Reading, target: Fraction) -> bool:
    """Is ``r`` the ``target`` rounded, stating the precision ``q`` asks for (its sig_figs, or
    a relative error within sig_tol: 45% for 22/49)?"""
    if not r.rounding(target):
        return False
    return r.sig_figs(target) >= q.sig_figs or _rel(r.value, target) <= q.sig_tol


def _verdict(q: Question, r: Reading) -> Feedback:
    """In order: right → a named mistake → right when rounded → a rounded mistake → how far."""
    qid, exact, v = q.qid, Fraction(q.answer), r.value
    mistakes = [(Fraction(wrong), why) for wrong, why in q.mistakes]
    tight = max(r.tol, q.rel_tol)
    named = next((why for m, why in mistakes if _rel(v, m) <= tight), None)
    rounded = next((why for m, why in mistakes if _pinned(q, r, m)), None)
    wanted = _UNITS.get(q.unit.lower(), q.unit)
    if r.unit and r.unit != wanted:  # "236,027,904 FLOPs" on a MACs question
        if named or rounded:
            return Feedback(qid, False, f"Not quite — {named or rounded}")
        note = " (1 MAC = 2 FLOPs)" if {r.unit, wanted} == {"MACs", "FLOPs"} else ""
        asked = q.unit or "a plain number"
        return Feedback(
            qid, False, f"Not quite: the question asks for {asked}, not {r.unit}{note}."
        )
    rel, unit, figures = _rel(v, exact), r.rounding(exact), r.sig_figs(exact)
    if rel <= tight:
        if rel <= r.tol:
            return Feedback(qid, True, f"Correct: {_fmt_exact(q)}.")
        how = f"to {figures} s.f." if unit else f"within {q.rel_tol * 100:.2g}%"
        return Feedback(qid, True, f"Correct {how}; exact: {_fmt_exact(q)}.")
    if named:
        return Feedback(qid, False, f"Not quite — {named}")
    shown = _show(v, q.unit)
    if _pinned(q, r, exact):
        if any(2 * abs(v - m) <= unit * _SLACK for m, _ in mistakes):
            return Feedback(
                qid,
                False,
                f"Too coarse to tell: {shown} matches the answer to {figures} s.f., but a "
                "common mistake too — give more digits.",
            )
        return Feedback(qid, True, f"Correct to {figures} s.f.; exact: {_fmt_exact(q)}.")
    if rounded:
        return Feedback(qid, False, f"Not quite — {rounded}")
    for rule in q.checks:
        try:
            message = rule(float(v))
        except (OverflowError, ValueError, TypeError, ArithmeticError):
            continue
        if message:
            return Feedback(qid, False, f"Not quite — {message}")
    if unit:
        return Feedback(
            qid,
            False,
            f"Close: {shown} is right to {figures} s.f., but this question wants "
            f"{q.sig_figs} significant figures.",
        )
    return Feedback(
        qid,
        False,
        f"Not quite: {_how_far(r, exact, shown)}. Hint: {q.hint or 'recompute step by step'} "
        f"(reveal('{qid}') shows the solution).",
    )


def _how_far(r: Reading, exact: Fraction, shown: str) -> str:
    """'… is about 2.2× too large', '… is off by 12% (too small)', a wrong sign in words."""
    v = r.value
    if not exact:
        return f"{shown} is not it"
    sign = "positive" if exact > 0 else "negative"
    if not v:
        return f"{shown} is too small — the answer is a {sign} number"
    if (v > 0) != (exact > 0):
        flipped = r.scaled(Fraction(-1))
        if _rel(-v, exact) <= r.tol or flipped.rounding(exact):
            return f"{shown} has the wrong sign: the size is right, but the answer is {sign}"
        size = _factor(-v / exact, abs(v + exact))
        return f"{shown} has the wrong sign (the answer is {sign}), and its size is {size}"
    return f"{shown} is {_factor(v / exact, abs(v - exact))}"


def _factor(ratio: Fraction, difference: Fraction) -> str:
    """1.12 → 'off by 12% (too large)'; 1/3 → 'about 3× too small'; 10⁴⁰⁰ → 'about 10^400×…'."""
    direction = "too large" if ratio > 1 else "too small"
    f = ratio if ratio > 1 else 1 / ratio
    if f >= 1.5:
        if f >= 10**9:
            exponent = round(math.log10(f.numerator) - math.log10(f.denominator))
            return f"about 10^{exponent}× {direction}"
        times = float(f"{float(f):.2g}")
        return f"about {times:,.10g}× {direction}"
    percent = float(abs(ratio - 1)) * 100
    if percent >= 0.1:
        return (
            f"off by {percent:.2g}% ({direction})"
            if percent < 10
            else (f"off by {percent:.0f}% ({direction})")
        )
    return f"off by {_num(difference)} ({direction})"


def _num(value: Fraction) -> str:
    """A number for a message: 12,443,648 · 2.778 · 1.00e+400."""
    if abs(value) >= 10**15:
        return f"{Decimal(value.numerator) / Decimal(value.denominator):.3g}"
    if value.denominator == 1:
        return f"{int(value):,}"
    return f"{float(value):.4g}"


def _show(value: Fraction, unit: str) -> str:
    """The reader's answer as read, in the question's unit."""
    if unit == "%":
        return f"{float(value) * 100:.4g}%" if abs(value) < 10**12 else f"{_num(value * 100)}%"
    return _num(value) + (f" {unit}" if unit else "")


def _fmt(value: Number, unit: str) -> str:
    if unit == "%":
        return f"{float(value) * 100:.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}" + (f" {unit}" if unit else "")
    return f"{float(value):.4g}" + (f" {unit}" if unit else "")


def _fmt_exact(q: Question) -> str:
    """The answer for a verdict: a small fraction is shown as one ('22/49 = 44.9%')."""
    answer = q.answer
    if isinstance(answer, Fraction) and 1 < answer.denominator <= 1000:
        fraction = f"{answer.numerator}/{answer.denominator}"
        if q.unit == "%":
            return f"{fraction} = {_fmt(answer, '%')}"
        return f"{fraction} ≈ {float(answer):.4g}" + (f" {q.unit}" if q.unit else "")
    return answer_text(q)


def hint(qid: str) -> str:
    """A nudge without the answer."""
    return question(qid).hint or "Write down the formula first, then plug in the numbers."


class Solution(str):
    """A worked solution; renders as Markdown in a notebook."""

    def _repr_markdown_(self) -> str:
        return str(self)


def answer_text(q: Question) -> str:
    """The answer as the solution states it: a number with its unit, or the option's letter."""
    if q.options:
        n = int(q.answer)
        return f"option {n} ({chr(ord('A') + n - 1)}): {q.options[n - 1]}"
    return _fmt(q.answer, q.unit)


def render_prompt(q: Question) -> str:
    """The prompt as Markdown: English, the Chinese wording (if any) and the options."""
    text = q.prompt
    if q.prompt_zh:
        text += f"\n\n中文：{q.prompt_zh}"
    if q.options:
        text += "\n\n" + "\n".join(
            f"{i}. ({chr(ord('A') + i - 1)}) {option}" for i, option in enumerate(q.options, 1)
        )
    return text


def reveal(qid: str) -> Solution:
    """The worked solution of a question."""
    return reveal_question(question(qid))


def reveal_question(q: Question) -> Solution:
    """:func:`reveal` for a :class:`Question` object."""
    return Solution(
        f"**{q.qid}** — {render_prompt(q)}\n\n{q.solution}\n\n**Answer:** {answer_text(q)}"
    )


__all__ = [
    "Feedback",
    "answer_text",
    "Question",
    "Reading",
    "Unreadable",
    "check",
    "check_question",
    "hint",
    "parse_answer",
    "question",
    "questions_for",
    "read_answer",
    "render_prompt",
    "reveal",
    "reveal_question",
]
