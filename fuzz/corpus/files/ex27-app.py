"""Streamlit UI. Run with: streamlit run src/app.py"""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from src.cache.memory_cache import TTLCache
from src.config import Settings
from src.database.connection import connect
from src.database.migrate import migrate
from src.monitoring.tracker import tracker
from src.repositories.definition_repository import DefinitionRepository
from src.security.input_validation import InvalidInput
from src.security.rate_limiter import RateLimiter
from src.services.definition_service import DefinitionService, DuplicateTerm
from src.services.validation_service import ValidationService

TABS = ["Create", "Browse", "Status", "Review", "Import", "Export", "Compare", "History", "Settings", "Help"]


@st.cache_resource
def build_service() -> tuple[DefinitionService, RateLimiter]:
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level)
    conn = connect(settings.database_path)
    migrate(conn, settings.migrations_dir)
    service = DefinitionService(
        DefinitionRepository(conn),
        ValidationService(),
        TTLCache(settings.cache_max_entries, settings.cache_ttl_seconds),
    )
    return service, RateLimiter(settings.rate_limit_per_minute)


def create_tab(service: DefinitionService, limiter: RateLimiter) -> None:
    with st.form("create"):
        term = st.text_input("Term")
        definition = st.text_area("Definition")
        category = st.selectbox("Category", ["general", "legal", "technical", "finance"])
        submitted = st.form_submit_button("Validate and save")
    if not submitted:
        return
    session = st.session_state.setdefault("session_id", id(st.session_state))
    if not limiter.allow(str(session)):
        st.warning("Too many validations in the last minute; wait a moment.")
        return
    try:
        saved, result = service.create(term, definition, category)
    except InvalidInput as exc:
        st.error(str(exc))
        return
    except DuplicateTerm:
        st.error(f"'{term}' already exists.")
        return
    st.success(f"Saved '{saved.term}' as {saved.status} (score {result.score:.2f}).")
    for issue in result.issues:
        st.write(f"- {issue}")


def browse_tab(service: DefinitionService) -> None:
    category = st.selectbox("Filter", ["(all)", "general", "legal", "technical", "finance"])
    items = service.list(None if category == "(all)" else category)
    if not items:
        st.info("No definitions yet.")
        return
    st.dataframe(pd.DataFrame([d.__dict__ for d in items]), use_container_width=True)


def status_tab() -> None:
    rows = [
        {"operation": op, "calls": s.calls, "errors": s.errors, "mean_ms": round(s.mean_ms, 1)}
        for op, s in sorted(tracker.snapshot().items())
    ]
    st.dataframe(pd.DataFrame(rows) if rows else pd.DataFrame(columns=["operation"]))


def main() -> None:
    st.set_page_config(page_title="Definitions", layout="wide")
    service, limiter = build_service()
    tabs = st.tabs(TABS)
    with tabs[0]:
        create_tab(service, limiter)
    with tabs[1]:
        browse_tab(service)
    with tabs[2]:
        status_tab()
    for tab in tabs[3:]:
        with tab:
            st.info("Not available yet.")


if __name__ == "__main__":
    main()
