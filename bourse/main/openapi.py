"""The API's OpenAPI 3.1 description, built from the same pydantic models that validate request
bodies (``bourse/api_models.py``), served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bourse import api_models as m
from bourse.applications.schemas import NewApplication, Transition
from bourse.notifications.schemas import NewSavedSearch
from bourse.permissions import public
from bourse.premises.schemas import NewPremises, PremisesChanges, PremisesMove
from bourse.projects.schemas import NewProject, ProjectChanges

bp = Blueprint("openapi", __name__)
REF = "#/components/schemas/{model}"
MODELS = (m.Error, m.MapCollection, m.ListingsPage, m.OpenCalls, m.MyApplications, m.MyApplication, m.PublicFeature,
          Transition, m.TransitionDone, m.ObservatoryFigures, m.GeocodeResults, m.ManagedPremises, m.PremisesMoved,
          m.ProjectOut, m.Projects, m.Ranking, m.SavedSearchOut, m.SavedSearches, NewPremises, PremisesChanges,
          PremisesMove, NewProject, ProjectChanges, NewApplication, NewSavedSearch)


def _ref(model: type[BaseModel]) -> dict:
    return {"$ref": REF.format(model=model.__name__)}


def _json(model: type[BaseModel], description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _errors(*statuses: int) -> dict:
    reasons = {400: "A parameter or the body cannot be read", 401: "No valid token or session",
               403: "Not allowed (a read token asked to write, or a role that may not)",
               404: "Not found, or not yours to see", 409: "Someone changed it first: reload and retry",
               415: "The body is not sent as application/json", 422: "Refused by the rules, or an unknown field",
               429: "Too many requests for this token", 503: "The address service is not answering"}
    return {str(status): _json(m.Error, reasons[status]) for status in statuses}


SIGNED_IN = [{"bearerAuth": []}, {"cookieAuth": []}]
WRITE_ERRORS = (400, 401, 403, 404, 409, 415, 422, 429)


def _write(summary: str, body: type[BaseModel], answer: dict, description: str = "", **extra: Any) -> dict:
    """An operation taking a JSON body, for a signed-in caller (a token needs the write scope)."""
    return {"summary": summary, "description": description, "security": SIGNED_IN,
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(body)}}},
            "responses": {**answer, **_errors(*WRITE_ERRORS)}, **extra}


def _read(summary: str, model: type[BaseModel], *statuses: int, **extra: Any) -> dict:
    """An operation for a signed-in caller, answering ``model``."""
    return {"summary": summary, "security": SIGNED_IN,
            "responses": {"200": _json(model, "The answer"), **_errors(401, 403, *statuses, 429)}, **extra}


NO_CONTENT = {"204": {"description": "Done"}}


def _query(name: str, description: str, required: bool = False, **schema: Any) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$"}
_DEGREES = r"-?\d{1,3}(\.\d{1,6})?"
BBOX = rf"^{_DEGREES},{_DEGREES},{_DEGREES},{_DEGREES}$"
PATHS = {
    "/api/v1/premises": {"get": {
        "summary": "Published premises in a box, as compact map features",
        "description": "Property names are short because this is the map's hottest path: `a` sales area (m²), "
                       "`r` yearly rent (€, absent when not stated), `tb` 1 for a test boutique. Above a few "
                       "hundred points the answer is `clustered`: features carry `cluster` and `count`.",
        "parameters": [
            _query("bbox", "minlon,minlat,maxlon,maxlat in WGS 84 degrees", True, type="string", pattern=BBOX),
            _query("town", "INSEE code"), _query("sector", "a sector code"),
            _query("min_area", "m²"), _query("max_area", "m²"), _query("max_rent", "€ a year"),
            _query("deal", "to_let, for_sale or lease_transfer")],
        "responses": {"200": _json(m.MapCollection, "The features"), **_errors(400, 401, 429)}}},
    "/api/v1/listings": {"get": {
        "summary": "Published premises as full records, a page at a time",
        "description": "Keyset pagination: pages follow the listings' ids, so one published meanwhile never shifts a "
                       "page or appears twice. Takes the search filters of /api/v1/premises (without bbox).",
        "parameters": [
            _query("limit", "listings per page, 1 to 200 (50 by default)", type="integer", minimum=1, maximum=200),
            _query("cursor", "next_cursor from the previous page"), _query("town", "INSEE code"),
            _query("sector", "a sector code"), _query("min_area", "m²"), _query("max_area", "m²"),
            _query("max_rent", "€ a year")],
        "responses": {"200": _json(m.ListingsPage, "One page"), **_errors(400, 401, 429)}}},
    "/api/v1/premises/{premises_id}": {"get": {
        "summary": "One listing (published, or one's own draft)",
        "parameters": [_id("premises_id")],
        "responses": {"200": _json(m.PublicFeature, "The listing"), **_errors(401, 404, 429)}}},
    "/api/v1/calls": {"get": {
        "summary": "Test-boutique calls accepting applications now, with their slots",
        "responses": {"200": _json(m.OpenCalls, "The open calls"), **_errors(401, 429)}}},
    "/api/v1/applications/mine": {"get": {
        "summary": "The caller's own applications (as an applicant), the latest change first",
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "responses": {"200": _json(m.MyApplications, "The applications"), **_errors(401, 429)}}},
    "/api/v1/applications/{application_id}/transitions": {"post": {
        "summary": "Move an application (withdraw it, or review it with the moves one's role allows)",
        "parameters": [_id("application_id")],
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(Transition)}}},
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "responses": {"200": _json(m.TransitionDone, "The application's new state"),
                      **_errors(400, 401, 403, 404, 409, 422, 429)}}},
    "/api/v1/towns/{town_id}/observatory": {"get": {
        "summary": "A town's commerce observatory figures, in aggregate",
        "parameters": [_id("town_id"), _query("du", "first month, YYYY-MM", **MONTH),
                       _query("au", "last month, YYYY-MM", **MONTH),
                       _query("zone", "a zone of the perimeter in force", type="integer", minimum=1)],
        "responses": {"200": _json(m.ObservatoryFigures, "The figures"), **_errors(400, 401, 404, 429)}}},
    "/api/v1/geocode": {"get": {
        "summary": "Addresses matching a text (the national address base)",
        "parameters": [_query("q", "at least three characters", True), _query("town", "a town's id")],
        "responses": {"200": _json(m.GeocodeResults, "Candidate addresses"), **_errors(400, 429, 503)}}},
}

IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
               "description": "the same key sent again returns the first answer's application",
               "schema": {"type": "string", "maxLength": 64}}
WRITES = {
    "/api/v1/premises": {"post": _write(
        "Post a new listing, as a draft", NewPremises, {"201": _json(m.PublicFeature, "The draft; Location: its URL")},
        "Landlords post their own; town managers post in their towns, for a landlord named by `owner_email`. "
        "The listing must lie in the town (its perimeter, or 15 km around its centre); publish it with a transition.")},
    "/api/v1/premises/mine": {"get": _read("Every listing the caller manages, whatever its status", m.ManagedPremises)},
    "/api/v1/premises/{premises_id}": {
        "patch": _write("Change a listing's fields; those left out keep their value", PremisesChanges,
                        {"200": _json(m.PublicFeature, "The listing")}, parameters=[_id("premises_id")]),
        "delete": {"summary": "Delete a draft or a withdrawn listing", "parameters": [_id("premises_id")],
                   "security": SIGNED_IN, "responses": {**NO_CONTENT, **_errors(401, 403, 404, 422, 429)}}},
    "/api/v1/premises/{premises_id}/transitions": {"post": _write(
        "Publish a listing, mark it under offer or let, or withdraw it", PremisesMove,
        {"200": _json(m.PremisesMoved, "The listing's new status")}, "422 for a move its status does not allow.",
        parameters=[_id("premises_id")])},
    "/api/v1/premises/{premises_id}/candidates": {"get": _read(
        "The visible projects that suit a listing best, with their reasons", m.Ranking, 404,
        parameters=[_id("premises_id")])},
    "/api/v1/projects": {
        "get": _read("The caller's project files (entrepreneurs)", m.Projects),
        "post": _write("A new project file", NewProject, {"201": _json(m.ProjectOut, "The project; Location: its URL")},
                       "Say where with `towns` (INSEE codes) and/or `lon`, `lat` and `radius_km`.")},
    "/api/v1/projects/{project_id}": {
        "get": _read("One of the caller's projects", m.ProjectOut, 404, parameters=[_id("project_id")]),
        "patch": _write("Change a project's fields; those left out keep their value", ProjectChanges,
                        {"200": _json(m.ProjectOut, "The project")}, parameters=[_id("project_id")])},
    "/api/v1/projects/{project_id}/matches": {"get": _read(
        "The premises and open test-boutique slots that suit a project best, with their reasons", m.Ranking, 404,
        parameters=[_id("project_id")])},
    "/api/v1/applications": {"post": _write(
        "Apply with a project to published premises or to a slot of an open call", NewApplication,
        {"201": _json(m.MyApplication, "The application")},
        "Withdraw it later with the transition `withdraw`.", parameters=[IDEMPOTENCY])},
    "/api/v1/saved-searches": {
        "get": _read("The caller's saved searches and project alerts", m.SavedSearches),
        "post": _write("Save a search (its filters) or a project alert (a minimum score)", NewSavedSearch,
                       {"201": _json(m.SavedSearchOut, "The saved search")})},
    "/api/v1/saved-searches/{search_id}": {"delete": {
        "summary": "Delete a saved search", "parameters": [_id("search_id")], "security": SIGNED_IN,
        "responses": {**NO_CONTENT, **_errors(401, 403, 404, 429)}}},
}
for _path, _operations in WRITES.items():
    PATHS.setdefault(_path, {}).update(_operations)


def document() -> dict:
    _keys, schemas = models_json_schema([(model, "validation") for model in MODELS], ref_template=REF)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Bourse API", "version": "1",
                 "description": "Premises, applications and the commerce observatory. Programs authenticate with a "
                                "personal token (`Authorization: Bearer …`, made at /compte/jetons); errors always "
                                "have the shape `{\"error\": {\"code\", \"message\", \"field\"}}`.",
                 "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}},
        "servers": [{"url": "/"}],
        "components": {"schemas": schemas.get("$defs", {}), "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "description": "A personal API token"},
            "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session"}}},
        "security": [{}, {"bearerAuth": []}, {"cookieAuth": []}],
        "paths": PATHS,
    }


@bp.route("/api/v1/openapi.json")
@public
def openapi_json():
    return jsonify(document())


@bp.route("/api/v1/docs")
@public
def reference():
    """The description, readable, rendered here (no script, no CDN)."""
    return render_template("main/api_reference.html", doc=document())
