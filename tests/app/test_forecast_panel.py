"""AppTest: the Load page's forecast heat map and Staffing panel (issue 12)."""

from __future__ import annotations

from service.store import open_store

TEAM = "payments-sre"


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _use_demo_history(at):
    at.button(key=f"demo_{TEAM}").click().run()
    _no_exceptions(at)
    return at


def test_load_page_shows_the_forecast_and_the_staffing_verdict(page, rota_db):
    at = page("load").run()
    _no_exceptions(at)
    if not open_store(rota_db).incident_count(TEAM):
        _use_demo_history(at)
    subheaders = [s.value for s in at.subheader]
    assert "Forecast: expected pages by hour of week" in subheaders
    assert "Staffing" in subheaders
    # How far to trust it: the model it chose and why, and the backtest table (issue 25).
    assert "How far to trust the forecast" in subheaders
    assert any(i.value.startswith("The forecast uses ") for i in at.info)
    table = next(d.value for d in at.dataframe if "mean Poisson deviance" in d.value.columns)
    assert table["method"].iloc[0].startswith("Rota (uses ")
    assert list(table["method"].iloc[1:]) == ["overall mean", "mean per weekday and shift"]
    # The demo service breaks the limit in about a third of its windows: the verdict says
    # so, and says that more people won't help.
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("**Team:**") and "more people do not fix a noisy service" in w
               for w in warnings)
    assert any("needs 8" in w for w in warnings)

