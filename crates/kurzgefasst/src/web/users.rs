//! `/leser`: the admin manages the readers in the browser (issue 19): add (name and password),
//! set a password (ends that reader's sessions), remove (with everything that is theirs, at
//! once). Only admins ([`InstanceAdmin`]); every form checks the session's CSRF token.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;

use super::auth::InstanceAdmin;
use super::lang::Lang;
use super::pages::{self, Frame};
use super::{db, AppState, WebError};
use crate::auth::AuthError;
use crate::store::StoreError;
use maud::html;

/// Query of `/leser` after an action.
#[derive(Debug, serde::Deserialize)]
pub struct ReadersQuery {
    ok: Option<String>,
}

/// `GET /leser`: every reader with the forms.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    InstanceAdmin(admin): InstanceAdmin,
    Query(q): Query<ReadersQuery>,
) -> Result<Html<String>, WebError> {
    let readers = db(&state, |s| s.readers())
        .await
        .map_err(|e| e.page(lang))?;
    let csrf = admin.0.csrf().unwrap_or_default().to_string();
    let l = lang;
    let csrf_input = pages::csrf_input(&csrf);
    let pw = l.t("Neues Passwort", "New password");
    let remove = l.t("Entfernen", "Remove");
    let body = html! {
        h1 { (l.t("Leser", "Readers")) }
        @if q.ok.is_some() { p.notice role="status" { (l.t("Gespeichert.", "Saved.")) } }
        form.admin id="leser-neu" action="/leser/neu" method="post" {
            (csrf_input)
            p {
                label for="leser-name" { (l.t("Name", "Name")) } br;
                input id="leser-name" name="name" required maxlength="100" autocomplete="off";
            }
            p {
                label for="leser-passwort" { (l.t("Passwort (mindestens 10 Zeichen)", "Password (at least 10 characters)")) } br;
                input id="leser-passwort" name="passwort" type="password" required minlength="10" autocomplete="new-password";
            }
            p { button type="submit" id="leser-anlegen" { (l.t("Leser anlegen", "Add reader")) } }
        }
        ul.leser {
            @for r in &readers {
                li {
                    strong { (r.name) } " "
                    small {
                        "(" (if r.is_admin { "Admin" } else { l.t("Leser", "reader") }) ", "
                        (r.subscriptions) " " (l.t("Abos", "subscriptions")) ")"
                    }
                    form action={ "/leser/" (r.id) "/passwort" } method="post" {
                        (csrf_input)
                        label.visually-hidden for={ "passwort-" (r.id) } { (pw) }
                        input id={ "passwort-" (r.id) } name="passwort" type="password" required minlength="10" autocomplete="new-password" placeholder=(pw);
                        " "
                        button type="submit" { (l.t("Passwort setzen", "Set password")) }
                    }
                    form action={ "/leser/" (r.id) "/entfernen" } method="post" {
                        (csrf_input)
                        input type="checkbox" id={ "wirklich-" (r.id) } name="wirklich" value="1" required;
                        " "
                        label for={ "wirklich-" (r.id) } { (l.t("wirklich (Abos, Zustände, Token gehen verloren)", "really (subscriptions, states, tokens are lost)")) }
                        " "
                        button type="submit" class="remove" aria-label={ (remove) ": " (r.name) } { (remove) }
                    }
                }
            }
        }
    };
    let b = body.into_string();
    Ok(Html(pages::layout(
        &Frame {
            lang,
            title: lang.t("Kurzgefasst – Leser", "Kurzgefasst – Readers"),
            feed: None,
            q: "",
        },
        &b,
    )))
}

/// The new-reader form.
#[derive(Debug, serde::Deserialize)]
pub struct AddForm {
    csrf: String,
    name: String,
    passwort: String,
}

fn too_short(lang: Lang) -> WebError {
    WebError::new(
        StatusCode::BAD_REQUEST,
        lang,
        "Das Passwort ist zu kurz (mindestens 10 Zeichen).",
        "The password is too short (at least 10 characters).",
    )
}

fn internal(lang: Lang) -> WebError {
    WebError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        "Interner Fehler.",
        "Internal error.",
    )
}

/// Hashes a password on a blocking thread (argon2 takes a while).
async fn hash(password: String, lang: Lang) -> Result<String, WebError> {
    match tokio::task::spawn_blocking(move || crate::auth::hash_password(&password)).await {
        Ok(Ok(h)) => Ok(h),
        Ok(Err(AuthError::TooShort)) => Err(too_short(lang)),
        _ => Err(internal(lang)),
    }
}

/// `POST /leser/neu`.
pub async fn add(
    State(state): State<AppState>,
    lang: Lang,
    InstanceAdmin(admin): InstanceAdmin,
    Form(f): Form<AddForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let Some(name) = crate::store::clean_name(&f.name) else {
        return Err(WebError::new(
            StatusCode::BAD_REQUEST,
            lang,
            "Der Name muss 1 bis 100 Zeichen lang sein.",
            "The name must be 1 to 100 characters long.",
        ));
    };
    let hashed = hash(f.passwort, lang).await?;
    let store = std::sync::Arc::clone(&state.store);
    let added = tokio::task::spawn_blocking(move || store.add_reader(&name, &hashed))
        .await
        .map_err(|_| internal(lang))?;
    match added {
        Ok(id) => {
            tracing::info!(reader = id, by = %admin.0.name, "reader added");
            Ok(Redirect::to("/leser?ok=1").into_response())
        }
        Err(StoreError::Duplicate(_)) => Err(WebError::new(
            StatusCode::CONFLICT,
            lang,
            "Es gibt schon einen Leser mit diesem Namen.",
            "There is already a reader with that name.",
        )),
        Err(e) => {
            tracing::error!(error = %e, "cannot add reader");
            Err(internal(lang))
        }
    }
}

/// The remove form: the CSRF token and the confirmation.
#[derive(Debug, serde::Deserialize)]
pub struct RemoveForm {
    csrf: String,
    wirklich: Option<String>,
}

/// `POST /leser/{id}/entfernen`: removes the reader and what is theirs (never the last admin).
pub async fn remove(
    State(state): State<AppState>,
    lang: Lang,
    InstanceAdmin(admin): InstanceAdmin,
    Path(id): Path<i64>,
    Form(f): Form<RemoveForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    if f.wirklich.as_deref() != Some("1") {
        return Err(WebError::new(
            StatusCode::BAD_REQUEST,
            lang,
            "Bitte das Entfernen bestätigen.",
            "Please confirm the removal.",
        ));
    }
    let outcome = db(&state, move |s| {
        let readers = s.readers()?;
        let Some(r) = readers.iter().find(|r| r.id == id) else {
            return Ok(None);
        };
        if r.is_admin && readers.iter().filter(|x| x.is_admin).count() == 1 {
            return Ok(Some(false));
        }
        s.remove_reader(id).map(Some)
    })
    .await
    .map_err(|e| e.page(lang))?;
    match outcome {
        None => Err(WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "Diesen Leser gibt es nicht.",
            "There is no such reader.",
        )),
        Some(false) => Err(WebError::new(
            StatusCode::CONFLICT,
            lang,
            "Der letzte Admin kann nicht entfernt werden.",
            "The last admin cannot be removed.",
        )),
        Some(true) => {
            tracing::info!(reader = id, by = %admin.0.name, "reader removed");
            Ok(Redirect::to("/leser?ok=1").into_response())
        }
    }
}

/// The password form.
#[derive(Debug, serde::Deserialize)]
pub struct PasswordForm {
    csrf: String,
    passwort: String,
}

/// `POST /leser/{id}/passwort`: sets a reader's password and ends their sessions.
pub async fn set_password(
    State(state): State<AppState>,
    lang: Lang,
    InstanceAdmin(admin): InstanceAdmin,
    Path(id): Path<i64>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    admin.check_csrf(&f.csrf, lang)?;
    let hashed = hash(f.passwort, lang).await?;
    let done = db(&state, move |s| match s.reader(id)? {
        Some(r) => s.set_user_password(&r.name, &hashed).map(|_| true),
        None => Ok(false),
    })
    .await
    .map_err(|e| e.page(lang))?;
    if !done {
        return Err(WebError::new(
            StatusCode::NOT_FOUND,
            lang,
            "Diesen Leser gibt es nicht.",
            "There is no such reader.",
        ));
    }
    Ok(Redirect::to("/leser?ok=1").into_response())
}
