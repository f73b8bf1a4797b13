"""Reports as plain text (``report KIND --format txt``): Spanish, fixed-width columns, for reading and printing."""

from __future__ import annotations

from typing import Any

from desktop_app.core.reports.xlsx import (
    AGING_TITLES,
    BASIS_TITLES,
    FIGURE_TITLES,
    RATE_FIELD_TITLES,
    RATE_TITLES,
    SUMMARY_ROWS,
    note_text,
)

_LABEL = 62
_NUMBER = 20


def _amount(text: str) -> str:
    """``"-1234.50"`` → ``"-1,234.50"``."""
    negative = text.startswith("-")
    whole, _, part = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}"
    return f"{'-' if negative else ''}{grouped}.{part or '00'}"


def _line(label: str, values: list[str]) -> str:
    return label[:_LABEL].ljust(_LABEL) + "".join(_amount(v).rjust(_NUMBER) for v in values)


def iva_text(data: dict[str, Any]) -> str:
    bases = [basis for basis in ("cash", "accrual") if basis in data]
    period = data["period"]
    out = [
        f"Reporte de IVA — RFC {data['rfc']}",
        f"Periodo: {period['start']} a {period['end']}. Importes en MXN.",
        "",
        " " * _LABEL + "".join(BASIS_TITLES[b].rjust(_NUMBER) for b in bases),
    ]
    for title, path in SUMMARY_ROWS:
        values = []
        for basis in bases:
            value: Any = data[basis]
            for key in path:
                value = value[key]
            values.append(value)
        out.append(_line(title, values))
    out.append(_line("Saldo: a cargo (+) / a favor (−)", [data[b]["balance"] for b in bases]))
    out.append(_line("IVA retenido a proveedores por enterar", [data[b]["withheld_from_suppliers"] for b in bases]))
    out += ["", "Por tasa"]
    keys = list(dict.fromkeys(key for b in bases for key in data[b]["by_rate"]))
    for key in keys:
        label = RATE_TITLES.get(key, f"{key} %")
        for field_name, title in RATE_FIELD_TITLES.items():
            values = [data[b]["by_rate"].get(key, {}).get(field_name, "0.00") for b in bases]
            out.append(_line(f"  {label}: {title}", values))
    for basis in bases:
        notes = data[basis]["notes"]
        if notes:
            out += ["", f"Notas ({BASIS_TITLES[basis]})"]
            for code, note in notes.items():
                out.append(f"  {note_text(code, note)}")
                out += [f"    {uuid}" for uuid in note.get("uuids", [])]
        detail = data[basis].get("detail")
        if detail:
            out += ["", f"Detalle ({BASIS_TITLES[basis]})"]
            for figure, items in detail.items():
                if not items:
                    continue
                out.append(f"  {FIGURE_TITLES.get(figure, figure)}")
                for item in items:
                    paid = f" pago {item['payment_uuid']}" if item.get("payment_uuid") else ""
                    rate = RATE_TITLES.get(item["rate"], item["rate"])
                    out.append(
                        f"    {item['uuid']}{paid} {item.get('date') or ''} {rate}"
                        f" base {_amount(item['base'])} IVA {_amount(item['amount'])}"
                    )
    return "\n".join(out) + "\n"


def ppd_text(data: dict[str, Any]) -> str:
    out = [f"Facturas PPD con saldo — RFC {data['rfc']}", f"Saldos al {data['as_of']}. Totales en MXN.", ""]
    for side, title in (("receivable", "Por cobrar"), ("payable", "Por pagar")):
        part = data[side]
        out.append(f"{title}: {part['count']} facturas, saldo {_amount(part['balance'])} MXN")
        for key, amount in part["aging"].items():
            out.append(f"  {AGING_TITLES[key].ljust(16)}{_amount(amount).rjust(_NUMBER)}")
        for inv in part["invoices"]:
            out.append(
                f"  {inv['uuid']} {inv['issue_date'][:10]} {inv['counterpart_rfc'] or '':13} "
                f"total {_amount(inv['total'])} {inv['currency']} pagado {_amount(inv['paid'])} "
                f"saldo {_amount(inv['balance'])} ({inv['days']} días, {inv['payments_count']} pagos)"
            )
            if inv["stated_balance"] != inv["balance"]:
                out.append(f"      saldo en el explorador (último ImpSaldoInsoluto) {_amount(inv['stated_balance'])}")
        out.append("")
    for code, note in data["notes"].items():
        out.append(f"Nota: {note_text(code, note)}")
        out += [f"  {uuid}" for uuid in note.get("uuids", [])]
    return "\n".join(out) + "\n"
