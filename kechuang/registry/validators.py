"""Validation of the registry's identifiers, with messages that say what is wrong."""

from __future__ import annotations

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exc
from stdnum.cn import uscc as stdnum_uscc

from kechuang.core.errors import ApplicationError

# GB 32100-2015 character set: digits and upper-case letters except I, O, Z, S, V.
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_digit(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 for its first 17 (GB 32100-2015, mod 31)."""
    total = sum(_ALPHABET.index(ch) * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _ALPHABET[(31 - total % 31) % 31]


def clean_uscc(value: str) -> str:
    """Return the compact, upper-case code or raise :class:`ApplicationError` naming the problem.

    Validation is python-stdnum's (``stdnum.cn.uscc``); we only turn its exceptions into messages a user
    can act on, including the expected check digit.
    """
    raw = (value or "").strip()
    if not raw:
        raise ApplicationError(_("请填写统一社会信用代码。"), extra={"field": "uscc"})
    compact = stdnum_uscc.compact(raw)
    try:
        return stdnum_uscc.validate(compact)
    except stdnum_exc.InvalidLength:
        raise ApplicationError(
            _("统一社会信用代码应为18位，您输入了%(n)d位。") % {"n": len(compact)},
            extra={"field": "uscc", "code": "invalid_length"},
        ) from None
    except stdnum_exc.InvalidChecksum:
        expected = uscc_check_digit(compact[:17])
        raise ApplicationError(
            _("统一社会信用代码校验位错误：第18位应为“%(expected)s”，而不是“%(got)s”。请核对后重新输入。")
            % {"expected": expected, "got": compact[17]},
            extra={"field": "uscc", "code": "invalid_checksum", "expected": expected},
        ) from None
    except stdnum_exc.InvalidFormat:
        bad = [ch for ch in compact if ch not in _ALPHABET]
        if bad:
            message = _("统一社会信用代码含有不允许的字符“%(ch)s”（不使用 I、O、Z、S、V）。") % {"ch": bad[0]}
        else:
            message = _("统一社会信用代码格式错误：前8位（登记管理部门、机构类别和行政区划码）应为数字。")
        raise ApplicationError(message, extra={"field": "uscc", "code": "invalid_format"}) from None
