"""A logged-in JSON client for the API tests: ``api.as_(user).post(path, data)`` → (status, body)."""

from __future__ import annotations

import json

from django.test import Client


class Api:
    def __init__(self):
        self.client = Client()

    def as_(self, user):
        self.client.force_login(user)
        return self

    def get(self, path):
        response = self.client.get(path)
        return response.status_code, response.json()

    def patch(self, path, data=None):
        return self._send(self.client.patch, path, data)

    def post(self, path, data=None):
        return self._send(self.client.post, path, data)

    def _send(self, method, path, data):
        response = method(path, json.dumps(data or {}, default=str), content_type="application/json")
        return response.status_code, response.json()
