"""Locust users for the deadline spike (see bench_spike.py, which runs this file in a second process).

SpikeAgency: one agency member who logs in, opens the draft, saves one comment per clause (50) with a short human
pause, and submits. BareUser hits /healthz; SaveUser saves comments without pauses; FloorUser posts the same form
to the benchmark's floor route (bench/spike_wsgi.py): the throughput comparison.
"""

from __future__ import annotations

import itertools
import os
import re
import threading

from locust import HttpUser, between, constant, task
from locust.exception import StopUser

CONSULTATION_ID = int(os.environ.get("SPIKE_CONSULTATION_ID", "1"))
CLAUSE_IDS = [int(x) for x in os.environ.get("SPIKE_CLAUSE_IDS", "").split(",") if x]
USERS = int(os.environ.get("SPIKE_USERS", "200"))
PASSWORD = os.environ.get("SPIKE_PASSWORD", "")
PAUSE = tuple(float(x) for x in os.environ.get("SPIKE_PAUSE", "2,5").split(","))
SECTION = {"X-Requested-With": "comments.js"}
TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
# Spike agencies are spike001…; the throughput run's SaveUsers use the extra agencies after them (never submitted).
_numbers = itertools.count(int(os.environ.get("SPIKE_FIRST", "1")))
_done = itertools.count(1)
_lock = threading.Lock()


def _token(response) -> str:
    match = TOKEN.search(response.text)
    if not match:
        raise RuntimeError(f"no CSRF token on {response.url} (status {response.status_code})")
    return match.group(1)


class AgencyMember(HttpUser):
    abstract = True

    def on_start(self) -> None:
        with _lock:
            self.number = next(_numbers)
        page = self.client.get("/login", name="GET /login")
        self.client.post(
            "/login",
            data={"username": f"spike{self.number:03d}", "password": PASSWORD, "csrf_token": _token(page)},
            name="POST /login",
            allow_redirects=False,
        )
        self.page = f"/agency/consultations/{CONSULTATION_ID}"

    def page_token(self) -> str:
        """The consultation page's CSRF token, read once: the throughput users open the page once, then only post."""
        if not hasattr(self, "token"):
            self.token = _token(self.client.get(self.page, name="GET draft"))
        return self.token

    def save_comment(self, token: str, clause_id: int, n: int) -> None:
        data = {
            "clause_id": str(clause_id),
            "text": f"Đề nghị làm rõ nội dung quy định, góp ý số {n} của cơ quan số {self.number}.",
            "proposed_wording": "",
            "csrf_token": token,
        }
        # As comments.js does in the browser: the answer is the clause's section alone, saved.
        with self.client.post(
            f"{self.page}/comments",
            data=data,
            name="POST comment",
            allow_redirects=False,
            headers=SECTION,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "Đã lưu ý kiến." not in response.text:
                response.failure(f"status {response.status_code}")


class SpikeAgency(AgencyMember):
    wait_time = between(*PAUSE)

    @task
    def comment_and_submit(self) -> None:
        token = _token(self.client.get(self.page, name="GET draft"))
        for n, clause_id in enumerate(CLAUSE_IDS[:50], start=1):
            self.save_comment(token, clause_id, n)
            self.wait()
        submit_page = self.client.get(f"{self.page}/submit", name="GET submit")
        data = {
            "position": "agree_with_comments",
            "letter_number": f"{self.number}/CQ-VP",
            "letter_date": "2026-11-23",
            "letter_signer": "Nguyễn Văn Ký",
            "csrf_token": _token(submit_page),
        }
        with self.client.post(
            f"{self.page}/submit", data=data, name="POST submit", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code not in (302, 303):
                response.failure(f"status {response.status_code}")
        with _lock:
            if next(_done) >= USERS:
                self.environment.runner.quit()
        raise StopUser()


class SaveUser(AgencyMember):
    wait_time = constant(0)

    saved = 0

    @task
    def save(self) -> None:
        self.saved += 1
        self.save_comment(self.page_token(), CLAUSE_IDS[self.saved % len(CLAUSE_IDS)], self.saved)


class BareUser(HttpUser):
    wait_time = constant(0)

    @task
    def health(self) -> None:
        self.client.get("/healthz", name="GET /healthz")


class FloorUser(AgencyMember):
    wait_time = constant(0)

    @task
    def floor(self) -> None:
        data = {"clause_id": "", "text": "Đề nghị làm rõ nội dung quy định.", "csrf_token": self.page_token()}
        with self.client.post(
            "/bench/floor", data=data, name="POST floor", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200 or "Đã lưu ý kiến." not in response.text:
                response.failure(f"status {response.status_code}")
