"""Reports as plain text (``report KIND --format txt``): in the user's language (``lang``: Spanish, the default,
or English), fixed-width columns, for reading and printing."""

from __future__ import annotations

from typing import Any

from desktop_app.core.reports.common import period_days
from desktop_app.core.reports.xlsx import SUMMARY_PATHS, WORDS, note_text
from desktop_app.core.vocabulary import day_text, language

_LABEL = 62
_NUMBER = 20

# The text's own words (the tables of figures, rates and notes are the workbook's: ``xlsx.WORDS``).
TEXT_WORDS: dict[str, dict[str, str]] = {
    "es": {
        "iva_title": "Reporte de IVA — RFC {rfc}",
        "period": "Periodo: {start} a {end}. Importes en MXN.",
        "by_rate": "Por tasa",
        "notes": "Notas ({basis})",
        "detail": "Detalle ({basis})",
        "paid_by": " pago {uuid}",
        "iva_item": " base {base} IVA {amount}",
        "ppd_title": "Facturas PPD con saldo — RFC {rfc}",
        "as_of": "Saldos al {as_of}. Totales en MXN.",
        "side": "{title} — facturas: {count}; saldo {balance} MXN",
        "invoice": "total {total} {currency} pagado {paid} saldo {balance} (días: {days}; pagos: {payments})",
        "stated": "saldo en el explorador (último ImpSaldoInsoluto) {balance}",
        "note": "Nota: {note}",
    },
    "en": {
        "iva_title": "VAT (IVA) report — RFC {rfc}",
        "period": "Period: {start} to {end}. Amounts in MXN.",
        "by_rate": "By rate",
        "notes": "Notes ({basis})",
        "detail": "Detail ({basis})",
        "paid_by": " payment {uuid}",
        "iva_item": " base {base} VAT (IVA) {amount}",
        "ppd_title": "PPD invoices with a balance — RFC {rfc}",
        "as_of": "Balances as of {as_of}. Totals in MXN.",
        "side": "{title} — invoices: {count}; balance {balance} MXN",
        "invoice": "total {total} {currency} paid {paid} balance {balance} (days: {days}; payments: {payments})",
        "stated": "balance in the browser (latest ImpSaldoInsoluto) {balance}",
        "note": "Note: {note}",
    },
}


def _amount(text: str) -> str:
    """``"-1234.50"`` → ``"-1,234.50"``."""
    negative = text.startswith("-")
    whole, _, part = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}"
    return f"{'-' if negative else ''}{grouped}.{part or '00'}"


def notes_lines(
    heading: str, notes: dict[str, Any], lang: str = "es", spanish: dict[str, str] | None = None
) -> list[str]:
    """A text rendering's notes: a blank line, ``heading``, then each note (``xlsx.note_text``; ``spanish``: the
    report's own Spanish sentences) with the UUIDs it names under it. Nothing when there are no notes."""
    if not notes:
        return []
    out = ["", heading]
    for code, note in notes.items():
        out.append(f"  {note_text(code, note, lang, spanish)}")
        out += [f"    {uuid}" for uuid in note.get("uuids", [])]
    return out


def _line(label: str, values: list[str]) -> str:
    return label[:_LABEL].ljust(_LABEL) + "".join(_amount(v).rjust(_NUMBER) for v in values)


def iva_text(data: dict[str, Any], lang: str = "es") -> str:
    lang = language(lang)
    words, says = WORDS[lang], TEXT_WORDS[lang]
    basis_titles, rate_titles = words["basis"], words["rate"]
    bases = [basis for basis in ("cash", "accrual") if basis in data]
    period = data["period"]
    out = [
        says["iva_title"].format(rfc=data["rfc"]),
        says["period"].format(**period_days(period, lang)),
        "",
        " " * _LABEL + "".join(basis_titles[b].rjust(_NUMBER) for b in bases),
    ]
    for title, path in zip(words["summary"], SUMMARY_PATHS, strict=True):
        values = []
        for basis in bases:
            value: Any = data[basis]
            for key in path:
                value = value[key]
            values.append(value)
        out.append(_line(title, values))
    out.append(_line(words["balance"], [data[b]["balance"] for b in bases]))
    out.append(_line(words["withheld_to_pay"], [data[b]["withheld_from_suppliers"] for b in bases]))
    out += ["", says["by_rate"]]
    keys = list(dict.fromkeys(key for b in bases for key in data[b]["by_rate"]))
    for key in keys:
        label = rate_titles.get(key, f"{key} %")
        for field_name, title in words["rate_field"].items():
            values = [data[b]["by_rate"].get(key, {}).get(field_name, "0.00") for b in bases]
            out.append(_line(f"  {label}: {title}", values))
    for basis in bases:
        out += notes_lines(says["notes"].format(basis=basis_titles[basis]), data[basis]["notes"], lang)
        detail = data[basis].get("detail")
        if detail:
            out += ["", says["detail"].format(basis=basis_titles[basis])]
            for figure, items in detail.items():
                if not items:
                    continue
                out.append(f"  {words['figure'].get(figure, figure)}")
                for item in items:
                    paid = says["paid_by"].format(uuid=item["payment_uuid"]) if item.get("payment_uuid") else ""
                    rate = rate_titles.get(item["rate"], item["rate"])
                    amounts = says["iva_item"].format(base=_amount(item["base"]), amount=_amount(item["amount"]))
                    out.append(f"    {item['uuid']}{paid} {day_text(item.get('date'), lang)} {rate}{amounts}")
    return "\n".join(out) + "\n"


def ppd_text(data: dict[str, Any], lang: str = "es") -> str:
    lang = language(lang)
    words, says = WORDS[lang], TEXT_WORDS[lang]
    out = [says["ppd_title"].format(rfc=data["rfc"]), says["as_of"].format(as_of=day_text(data["as_of"], lang)), ""]
    for side in ("receivable", "payable"):
        part = data[side]
        out.append(
            says["side"].format(title=words["side"][side], count=part["count"], balance=_amount(part["balance"]))
        )
        for key, amount in part["aging"].items():
            out.append(f"  {words['aging'][key].ljust(16)}{_amount(amount).rjust(_NUMBER)}")
        for inv in part["invoices"]:
            figures = says["invoice"].format(
                total=_amount(inv["total"]),
                currency=inv["currency"],
                paid=_amount(inv["paid"]),
                balance=_amount(inv["balance"]),
                days=inv["days"],
                payments=inv["payments_count"],
            )
            day = day_text(inv["issue_date"], lang)
            out.append(f"  {inv['uuid']} {day:10} {inv['counterpart_rfc'] or '':13} {figures}")
            if inv["stated_balance"] != inv["balance"]:
                out.append("      " + says["stated"].format(balance=_amount(inv["stated_balance"])))
        out.append("")
    for code, note in data["notes"].items():
        out.append(says["note"].format(note=note_text(code, note, lang)))
        out += [f"  {uuid}" for uuid in note.get("uuids", [])]
    return "\n".join(out) + "\n"
