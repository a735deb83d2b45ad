"""The one translations table: every user-facing text, Dutch first, English second.

Use `t("key", lang, name=value)`; placeholders are str.format fields.
"""

from __future__ import annotations

from .config import DEFAULT_LANG

TEXTS: dict[str, dict[str, str]] = {
    # --- locations -------------------------------------------------------------------------
    "loc.line": {"nl": "{file}, regel {line}", "en": "{file}, line {line}"},
    "loc.field": {
        "nl": "{file}, regel {line}, veld '{field}'",
        "en": "{file}, line {line}, field '{field}'",
    },
    "loc.id": {"nl": "{file}, {id}", "en": "{file}, {id}"},
    # --- model (groeimodel) errors ---------------------------------------------------------
    "model.missing_file": {
        "nl": "Het groeimodel is niet gevonden: {file}",
        "en": "The growth model was not found: {file}",
    },
    "model.yaml_error": {
        "nl": "{file}, regel {line}: dit is geen geldige YAML ({problem})",
        "en": "{file}, line {line}: this is not valid YAML ({problem})",
    },
    "model.field_missing": {"nl": "veld '{field}' ontbreekt", "en": "field '{field}' is missing"},
    "model.field_invalid": {"nl": "veld '{field}': {problem}", "en": "field '{field}': {problem}"},
    "model.duplicate_id": {
        "nl": "het id {id} komt meer dan eens voor",
        "en": "the id {id} occurs more than once",
    },
    "model.bad_statement_id": {
        "nl": "stelling {id} hoort bij dimensie {dim} en moet beginnen met '{dim}.'",
        "en": "statement {id} belongs to dimension {dim} and must start with '{dim}.'",
    },
    "model.levels_incomplete": {
        "nl": "niet elk niveau is beschreven: ontbrekend {missing}",
        "en": "not every level is described: missing {missing}",
    },
    "model.statement_count": {
        "nl": "een dimensie heeft 3 tot 5 stellingen, deze heeft er {n}",
        "en": "a dimension has 3 to 5 statements, this one has {n}",
    },
    "model.language_missing": {
        "nl": "tekst '{field}' mist de taal {lang}",
        "en": "text '{field}' lacks the language {lang}",
    },
    "model.retired_in_use": {
        "nl": "{id} staat bij 'retired' maar is ook een actuele stelling",
        "en": "{id} is listed under 'retired' but is also a current statement",
    },
    "model.level_names": {
        "nl": "de vijf niveaus moeten 1 tot en met 5 zijn",
        "en": "the five levels must be 1 to 5",
    },
    # --- summerschool module files ---------------------------------------------------------
    "modules.missing_file": {
        "nl": "Dit bestand ontbreekt: {path}",
        "en": "This file is missing: {path}",
    },
    "modules.duplicate_module": {
        "nl": "dit module-id staat ook in {other}",
        "en": "this module id is also used in {other}",
    },
    "modules.unknown_werkvorm": {
        "nl": "het programma noemt om {time} de werkvorm '{value}', maar die staat niet onder werkvormen",
        "en": "the programme names the exercise '{value}' at {time}, but it is not listed under werkvormen",
    },
    "modules.time_order": {
        "nl": "de tijden in het programma lopen niet op: {after} komt na {before}",
        "en": "the programme times do not go up: {after} comes after {before}",
    },
    "modules.scale": {
        "nl": "de schaal moet precies de antwoorden 1 tot en met 5 hebben",
        "en": "the scale must have exactly the answers 1 to 5",
    },
    "store.unknown_session": {
        "nl": "sessiecode '{value}' staat niet in {register}",
        "en": "session code '{value}' is not in {register}",
    },
    "store.bad_code": {
        "nl": "'{value}' is geen sessiecode (6 tekens: hoofdletters en cijfers 2–9)",
        "en": "'{value}' is not a session code (6 characters: capitals and digits 2–9)",
    },
    "store.bad_day": {
        "nl": "'{value}' is geen geldige datum (jjjj-mm-dd, vanaf 2000, hooguit 3 jaar vooruit)",
        "en": "'{value}' is not a valid date (yyyy-mm-dd, not before 2000 and at most 3 years ahead)",
    },
    "store.unknown_module": {
        "nl": "'{value}' is geen summerschool-module",
        "en": "'{value}' is not a summer-school module",
    },
    "store.unknown_aspect": {
        "nl": "'{value}' is geen aspect uit summerschool/_beoordeling.yaml",
        "en": "'{value}' is not an aspect from summerschool/_beoordeling.yaml",
    },
    "store.bad_goal": {
        "nl": "'{value}' is geen leerdoel-id (G1, G2, ...)",
        "en": "'{value}' is not a learning-goal id (G1, G2, ...)",
    },
    # --- store: reading ---------------------------------------------------------------------
    "store.header_mismatch": {
        "nl": "de kolommen kloppen niet: verwacht {expected}, gevonden {found}",
        "en": "the columns do not match: expected {expected}, found {found}",
    },
    "store.field_count": {
        "nl": "deze regel heeft {found} velden in plaats van {expected}",
        "en": "this line has {found} fields instead of {expected}",
    },
    "store.required": {"nl": "mag niet leeg zijn", "en": "must not be empty"},
    "store.field_count_short": {
        "nl": "deze regel heeft te weinig velden (het laatste veld ontbreekt)",
        "en": "this line has too few fields (the last field is missing)",
    },
    "store.bad_choice": {
        "nl": "'{value}' is geen toegestane waarde; kies uit: {choices}",
        "en": "'{value}' is not an allowed value; choose from: {choices}",
    },
    "store.more_problems": {
        "nl": "en nog {n} regel(s) met hetzelfde probleem",
        "en": "and {n} more line(s) with the same problem",
    },
    "store.input": {"nl": "invoer", "en": "input"},
    "store.score_range": {
        "nl": "'{value}' is geen score: gebruik 1 t/m 5, of leeg voor 'weet niet'",
        "en": "'{value}' is not a score: use 1 to 5, or empty for \"don't know\"",
    },
    "store.unknown_statement": {
        "nl": "'{value}' is geen stelling uit het groeimodel",
        "en": "'{value}' is not a statement of the growth model",
    },
    "store.unknown_dimension": {
        "nl": "'{value}' is geen dimensie uit het groeimodel",
        "en": "'{value}' is not a dimension of the growth model",
    },
    "store.board_score_range": {
        "nl": "'{value}' is geen bestuursscore: gebruik 1,0 t/m 5,0 met hoogstens één decimaal (punt)",
        "en": "'{value}' is not a board score: use 1.0 to 5.0 with at most one decimal",
    },
    "store.bad_round": {
        "nl": "'{value}' is geen ronde: schrijf jaar-volgnummer, bijvoorbeeld 2026-2",
        "en": "'{value}' is not a round: write year-number, for example 2026-2",
    },
    "store.bad_date": {
        "nl": "'{value}' is geen geldige datum en tijd (JJJJ-MM-DDTuu:mm:ss)",
        "en": "'{value}' is not a valid date and time (YYYY-MM-DDThh:mm:ss)",
    },
    "store.future_date": {
        "nl": "'{value}' ligt in de toekomst",
        "en": "'{value}' lies in the future",
    },
    "store.bad_id": {
        "nl": "'{value}' is geen geldig id: kleine letters, cijfers en streepjes",
        "en": "'{value}' is not a valid id: lower-case letters, digits and hyphens",
    },
    "store.bad_flag": {
        "nl": "'{value}' is geen ja/nee-waarde: gebruik 1 of 0",
        "en": "'{value}' is not a yes/no value: use 1 or 0",
    },
    "store.control_chars": {
        "nl": "bevat onzichtbare stuurtekens (zoals NUL of ESC); haal ze weg",
        "en": "contains invisible control characters (such as NUL or ESC); remove them",
    },
    "store.too_long": {
        "nl": "is te lang (meer dan {max} tekens)",
        "en": "is too long (more than {max} characters)",
    },
    "store.bad_record": {
        "nl": "'{value}' is geen geldig record-id",
        "en": "'{value}' is not a valid record id",
    },
    "store.unknown_cooperative": {
        "nl": "coöperatie '{value}' staat niet in het register ({register})",
        "en": "cooperative '{value}' is not in the register ({register})",
    },
    "store.unreadable": {
        "nl": "het bestand is niet te lezen: {problem}",
        "en": "the file cannot be read: {problem}",
    },
    "store.torn_tail": {
        "nl": "{file}: een onvolledig weggeschreven laatste opslag ({n} regel(s)) is apart gezet in {aside}",
        "en": "{file}: an incompletely written last save ({n} line(s)) was set aside in {aside}",
    },
    "store.lock_timeout": {
        "nl": "{file} is bezet door een andere opslag; probeer het over een paar seconden opnieuw",
        "en": "{file} is busy with another save; try again in a few seconds",
    },
    "store.invalid_rows": {
        "nl": "Er is niets opgeslagen, want {n} waarde(n) klopt/kloppen niet:",
        "en": "Nothing was saved, because {n} value(s) are not right:",
    },
    # --- CLI -------------------------------------------------------------------------------------
    "cli.validate.ok": {
        "nl": "Alles in orde: groeimodel {version} ({n_statements} stellingen) en {n_rows} regels in {data}.",
        "en": "All good: growth model {version} ({n_statements} statements) and {n_rows} rows in {data}.",
    },
    "cli.validate.problems": {
        "nl": "{n} probleem/problemen gevonden:",
        "en": "{n} problem(s) found:",
    },
    "cli.demo.not_empty": {
        "nl": "{data} bevat al gegevens; demo-gegevens worden alleen in een lege map geschreven.",
        "en": "{data} already holds data; demo data is only written into an empty folder.",
    },
    "cli.demo.done": {
        "nl": "Demo-gegevens geschreven naar {data}: {n_coops} coöperaties, {n_rows} scores, "
        "{n_sessions} summerschool-sessies.",
        "en": "Demo data written to {data}: {n_coops} cooperatives, {n_rows} scores, "
        "{n_sessions} summer-school sessions.",
    },
    "cli.demo.progress": {
        "nl": "Demo: {done}/{total} coöperaties",
        "en": "Demo: {done}/{total} cooperatives",
    },
    "cli.serve.start": {
        "nl": "wijkcoop draait op http://{ip}:{port}  (gegevens: {data}; stoppen met Ctrl-C)",
        "en": "wijkcoop is running at http://{ip}:{port}  (data: {data}; stop with Ctrl-C)",
    },
    "cli.serve.token": {
        "nl": "Met inlogtoken: open eenmalig http://{ip}:{port}/?token=<het token>; de browser onthoudt het.",
        "en": "With a login token: open http://{ip}:{port}/?token=<the token> once; the browser keeps it.",
    },
    "cli.serve.open_warning": {
        "nl": "Let op: zonder --token kan iedereen die {ip} bereikt de apps openen. Zie docs/deploy.md.",
        "en": "Note: without --token anyone who can reach {ip} can open the apps. See docs/deploy.md.",
    },
    "cli.serve.no_notebooks": {
        "nl": "Geen apps gevonden in {dir}",
        "en": "No apps found in {dir}",
    },
    # --- scoring ----------------------------------------------------------------------------------
    "score.split": {"nl": "verdeeld", "en": "split"},
    # --- groeimodel app ---------------------------------------------------------------------------
    "app.groeimodel.title": {"nl": "Het groeimodel", "en": "The growth model"},
    "app.language": {"nl": "Taal", "en": "Language"},
    "app.dimension": {"nl": "Dimensie", "en": "Dimension"},
    "app.levels": {"nl": "Niveaus", "en": "Levels"},
    "app.statements": {"nl": "Stellingen", "en": "Statements"},
    "app.model_version": {
        "nl": "Versie van het model: {version}",
        "en": "Model version: {version}",
    },
    "app.target": {"nl": "doel", "en": "target"},
    "app.content_error": {
        "nl": "De app kan niet starten: de inhoudsbestanden bevatten fouten. Vraag de beheerder ze te "
        "herstellen (wijkcoop validate):",
        "en": "The app cannot start: the content files contain errors. Ask the administrator to fix "
        "them (wijkcoop validate):",
    },
    "app.error": {
        "nl": "Er ging iets mis. De details staan in het logboek van de server.",
        "en": "Something went wrong. The details are in the server log.",
    },
    # --- zelfevaluatie app --------------------------------------------------------------------
    "ze.title": {"nl": "Zelfevaluatie groeimodel", "en": "Growth model self-evaluation"},
    "ze.tab.fill": {"nl": "Invullen", "en": "Fill in"},
    "ze.tab.board": {"nl": "Bestuur samen", "en": "Board together"},
    "ze.fill.intro": {
        "nl": "Kies je coöperatie, de ronde en een schuilnaam of rol. Je antwoorden worden tussentijds "
        "bewaard: sluit je de pagina, dan ga je later met dezelfde gegevens verder waar je was.",
        "en": "Choose your cooperative, the round and a pseudonym or role. Your answers are kept as you go: "
        "if you close the page, come back with the same details to continue where you were.",
    },
    "ze.cooperative": {"nl": "Coöperatie", "en": "Cooperative"},
    "ze.round": {"nl": "Ronde", "en": "Round"},
    "ze.respondent": {"nl": "Schuilnaam", "en": "Pseudonym"},
    "ze.respondent.placeholder": {"nl": "bijv. penningmeester", "en": "e.g. treasurer"},
    "ze.start": {"nl": "Beginnen of verdergaan", "en": "Start or continue"},
    "ze.choose": {"nl": "— kies —", "en": "— choose —"},
    "ze.register.title": {
        "nl": "Staat je coöperatie er niet bij? Meld haar hier aan",
        "en": "Cooperative not listed? Register it here",
    },
    "ze.register.name": {"nl": "Naam", "en": "Name"},
    "ze.register.kind": {"nl": "Soort", "en": "Kind"},
    "ze.kind.wijk": {"nl": "wijkcoöperatie", "en": "neighbourhood cooperative"},
    "ze.kind.buurt": {"nl": "buurtcoöperatie", "en": "block cooperative"},
    "ze.kind.dorp": {"nl": "dorpscoöperatie", "en": "village cooperative"},
    "ze.kind.zorg": {"nl": "zorgcoöperatie", "en": "care cooperative"},
    "ze.register.area": {"nl": "Doorbraakgebied", "en": "Breakthrough area"},
    "ze.register.gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "ze.register.consent": {
        "nl": "Onze naam mag zichtbaar zijn in vergelijkingen met andere coöperaties",
        "en": "Our name may be shown in comparisons with other cooperatives",
    },
    "ze.register.button": {"nl": "Aanmelden", "en": "Register"},
    "ze.register.missing": {"nl": "Vul nog in: {fields}.", "en": "Please fill in: {fields}."},
    "ze.register.exists": {
        "nl": "'{name}' staat al in de lijst; kies haar daar.",
        "en": "'{name}' is already in the list; choose it there.",
    },
    "ze.register.done": {
        "nl": "'{name}' is aangemeld en gekozen.",
        "en": "'{name}' is registered and selected.",
    },
    "ze.err.coop": {"nl": "Kies eerst een coöperatie.", "en": "Choose a cooperative first."},
    "ze.err.round": {
        "nl": "'{value}' is geen ronde; schrijf bijvoorbeeld 2026-2.",
        "en": "'{value}' is not a round; write for example 2026-2.",
    },
    "ze.err.respondent": {
        "nl": "Vul een schuilnaam of rol in (je echte naam is niet nodig).",
        "en": "Fill in a pseudonym or role (your real name is not needed).",
    },
    "ze.err.respondent_long": {
        "nl": "De schuilnaam is te lang (hoogstens 60 tekens).",
        "en": "The pseudonym is too long (60 characters at most).",
    },
    "ze.err.draft": {
        "nl": "Je antwoorden konden niet tussentijds worden bewaard. Verstuur ze zo snel mogelijk.",
        "en": "Your answers could not be kept as a draft. Please submit them soon.",
    },
    "ze.draft.changed_elsewhere": {
        "nl": "Je antwoorden zijn om {time} in een ander venster of op een ander apparaat gewijzigd. "
        "Deze wijziging is niet bewaard. Laad de nieuwste versie om verder te gaan.",
        "en": "Your answers were changed at {time} in another window or on another device. "
        "This change was not kept. Load the newest version to go on.",
    },
    "ze.draft.sent_elsewhere": {
        "nl": "Deze vragenlijst is intussen in een ander venster of op een ander apparaat verstuurd. "
        "Laad de verstuurde antwoorden om ze te bekijken of te verbeteren.",
        "en": "This questionnaire was sent from another window or device in the meantime. "
        "Load the sent answers to look at or correct them.",
    },
    "ze.draft.reload": {"nl": "Nieuwste versie laden", "en": "Load the newest version"},
    "ze.draft.reloaded": {
        "nl": "De nieuwste versie is geladen.",
        "en": "The newest version is loaded.",
    },
    "ze.submit.newer": {
        "nl": "Er is om {time} al een nieuwere inzending van '{who}' opgeslagen (in een ander venster of "
        "op een ander apparaat). Versturen vervangt die. Weet je het zeker, klik dan op 'Toch versturen'.",
        "en": "A newer submission by '{who}' was saved at {time} (in another window or on another "
        "device). Sending replaces it. If you are sure, click 'Send anyway'.",
    },
    "ze.submit.overwrite": {"nl": "Toch versturen", "en": "Send anyway"},
    "form.count": {"nl": "{n} van {max} tekens", "en": "{n} of {max} characters"},
    "form.too_long_count": {
        "nl": "{n} tekens: dat is te lang, maximaal {max}. Maak hem korter, anders wordt hij niet bewaard.",
        "en": "{n} characters: too long, at most {max}. Please shorten it; as it is, it cannot be saved.",
    },
    "ze.review.note_too_long": {
        "nl": "De toelichting bij {dim} is te lang ({n} tekens, maximaal {max}).",
        "en": "The note on {dim} is too long ({n} characters, at most {max}).",
    },
    "ze.board.rationale_too_long": {
        "nl": "De onderbouwing bij {dim} is te lang ({n} tekens, maximaal {max}); er is niets opgeslagen.",
        "en": "The rationale for {dim} is too long ({n} characters, at most {max}); nothing was saved.",
    },
    "ze.board.only_dont_know": {
        "nl": "geen score: alleen 'weet niet'",
        "en": "no score: only 'don't know'",
    },
    "ze.round.members": {
        "nl": "Ronde {round}: {n} leden hebben ingevuld · {state}",
        "en": "Round {round}: {n} members filled in · {state}",
    },
    "ze.round.n": {"nl": "n={n}", "en": "n={n}"},
    "ze.round.open": {"nl": "open", "en": "open"},
    "ze.round.complete": {"nl": "compleet", "en": "complete"},
    "ze.round.mark_complete": {
        "nl": "Ronde compleet: iedereen heeft ingevuld",
        "en": "Round complete: everyone has filled in",
    },
    "ze.round.reopen": {"nl": "Ronde weer openzetten", "en": "Open the round again"},
    "ze.resumed": {
        "nl": "Welkom terug: je gaat verder waar je was (bewaard {time}).",
        "en": "Welcome back: you continue where you were (kept {time}).",
    },
    "ze.correcting": {
        "nl": "Je hebt deze ronde al ingestuurd. Wat je nu verandert, wordt als correctie opgeslagen.",
        "en": "You already submitted this round. What you change now is saved as a correction.",
    },
    "ze.new": {"nl": "Een nieuwe vragenlijst. Succes!", "en": "A new questionnaire. Good luck!"},
    "ze.page": {"nl": "Dimensie {n} van {total}", "en": "Dimension {n} of {total}"},
    "ze.levels": {"nl": "De vijf niveaus van deze dimensie", "en": "The five levels of this dimension"},
    "ze.discuss": {"nl": "hier wil ik over praten", "en": "I want to talk about this"},
    "ze.dont_know": {"nl": "weet niet", "en": "don't know"},
    "ze.note": {
        "nl": "Toelichting bij deze dimensie (mag leeg blijven)",
        "en": "Note on this dimension (optional)",
    },
    "ze.progress": {"nl": "{done} van {total} beantwoord", "en": "{done} of {total} answered"},
    "ze.back": {"nl": "Terug", "en": "Back"},
    "ze.next": {"nl": "Volgende", "en": "Next"},
    "ze.review": {"nl": "Controleren", "en": "Review"},
    "ze.review.title": {"nl": "Controleren en versturen", "en": "Review and submit"},
    "ze.review.missing": {
        "nl": "Nog {n} stelling(en) zonder antwoord. Kies 1 t/m 5 of 'weet niet':",
        "en": "{n} statement(s) still without an answer. Choose 1 to 5 or 'don't know':",
    },
    "ze.review.complete": {
        "nl": "Alles is beantwoord. Verstuur je antwoorden naar het bestuur.",
        "en": "Everything is answered. Send your answers to the board.",
    },
    "ze.submit": {"nl": "Versturen", "en": "Submit"},
    "ze.done.title": {
        "nl": "Dank je wel! Je antwoorden zijn opgeslagen.",
        "en": "Thank you! Your answers are saved.",
    },
    "ze.done.text": {
        "nl": "{n} antwoorden voor ronde {round} staan veilig in de gegevensmap.",
        "en": "{n} answers for round {round} are safely stored in the data folder.",
    },
    "ze.to_board": {"nl": "Naar het bestuursoverzicht", "en": "To the board overview"},
    "ze.again": {"nl": "Iemand anders vult in", "en": "Someone else fills in"},
    "ze.board.who": {"nl": "Weergave", "en": "View"},
    "ze.board.everyone": {"nl": "Bestuur (gemiddelde)", "en": "Board (mean)"},
    "ze.board.refresh": {"nl": "Vernieuwen", "en": "Refresh"},
    "ze.board.no_data": {
        "nl": "Nog geen scores voor deze keuze. Laat eerst de bestuursleden invullen.",
        "en": "No scores yet for this choice. Let the board members fill in first.",
    },
    "ze.board.h.radar": {"nl": "Spinnenweb", "en": "Radar chart"},
    "ze.board.h.spread": {"nl": "Waar verschillen we?", "en": "Where do we differ?"},
    "ze.board.h.notes": {"nl": "Toelichtingen van de leden", "en": "Members' notes"},
    "ze.board.h.board": {"nl": "Bestuursscore (na het gesprek)", "en": "Board score (after discussion)"},
    "ze.board.h.trend": {"nl": "Trend over de rondes", "en": "Trend over the rounds"},
    "ze.board.h.verbeter": {"nl": "Verbeterpunten", "en": "Points to improve"},
    "ze.board.h.report": {"nl": "Rapport voor de vergadering", "en": "Report for the meeting"},
    "ze.board.rationale": {"nl": "korte onderbouwing", "en": "short rationale"},
    "ze.board.save": {"nl": "Bestuursscores opslaan", "en": "Save board scores"},
    "ze.board.saved": {"nl": "{n} bestuursscore(s) opgeslagen.", "en": "{n} board score(s) saved."},
    "ze.board.nothing": {
        "nl": "Kies eerst bij minstens één dimensie een score.",
        "en": "Choose a score for at least one dimension first.",
    },
    "ze.board.bad_score": {"nl": "Ongeldige score bij {dim}.", "en": "Invalid score for {dim}."},
    "ze.board.report": {"nl": "Rapport maken", "en": "Make report"},
    "ze.col.dimension": {"nl": "Dimensie", "en": "Dimension"},
    "ze.col.mean": {"nl": "Gemiddeld", "en": "Mean"},
    "ze.col.level": {"nl": "Niveau", "en": "Level"},
    "ze.col.spread": {"nl": "Spreiding", "en": "Spread"},
    "ze.col.split": {"nl": "Verdeeld?", "en": "Split?"},
    "ze.agenda.flagged": {"nl": "{n}× 'hier wil ik over praten'", "en": "{n}× 'I want to talk about this'"},
    "ze.agenda.apart": {"nl": "scores van {low} tot {high}", "en": "scores from {low} to {high}"},
    "ze.verbeter.module": {"nl": " → summerschool-module {module}", "en": " → summer-school module {module}"},
    "ze.verbeter.moved": {
        "nl": "Zijn de verbeterpunten van {round} vooruitgegaan?",
        "en": "Did the points to improve from {round} move?",
    },
    "ze.download.rapport": {"nl": "Rapport (PDF, A4)", "en": "Report (PDF, A4)"},
    "ze.download.spinnenweb": {"nl": "Spinnenweb (PNG)", "en": "Radar chart (PNG)"},
    "ze.download.trend": {"nl": "Trend (PNG)", "en": "Trend (PNG)"},
    "ze.download.scores": {"nl": "Scores van deze ronde (Excel)", "en": "Scores of this round (Excel)"},
    # --- vergelijken app ---------------------------------------------------------------------------
    "vg.title": {"nl": "Vergelijken", "en": "Compare"},
    "vg.gebied": {"nl": "Doorbraakgebied", "en": "Breakthrough area"},
    "vg.gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "vg.round": {"nl": "Ronde", "en": "Round"},
    "vg.version": {"nl": "Modelversie", "en": "Model version"},
    "vg.all": {"nl": "alle", "en": "all"},
    "vg.latest": {
        "nl": "laatste complete ronde per coöperatie",
        "en": "latest complete round per cooperative",
    },
    "vg.scope": {"nl": "{n} coöperaties in beeld.", "en": "{n} cooperatives in view."},
    "vg.problems": {
        "nl": "({n} regels met fouten overgeslagen; zie wijkcoop validate)",
        "en": "({n} rows with errors left out; see wijkcoop validate)",
    },
    "vg.tab.heatmap": {"nl": "Overzicht", "en": "Overview"},
    "vg.members": {"nl": "Leden", "en": "Members"},
    "vg.open": {"nl": "open", "en": "open"},
    "vg.open_note": {
        "nl": "Leden: hoeveel bestuursleden de ronde invulden. 'open': het bestuur heeft de ronde nog niet "
        "compleet verklaard; van zo'n coöperatie staat de laatste complete ronde hier, als die er is.",
        "en": "Members: how many board members filled in the round. 'open': the board has not yet marked "
        "the round complete; for such a cooperative its latest complete round is shown, if it has one.",
    },
    "vg.tab.distribution": {"nl": "Verdeling", "en": "Distribution"},
    "vg.tab.trajectory": {"nl": "Naar volwassen", "en": "Path to mature"},
    "vg.tab.peers": {"nl": "Van elkaar leren", "en": "Peer learning"},
    "vg.tab.export": {"nl": "Downloaden", "en": "Download"},
    "vg.empty": {
        "nl": "Geen coöperaties met scores bij deze keuze.",
        "en": "No cooperatives with scores for this choice.",
    },
    "vg.too_many": {
        "nl": "{n} coöperaties in beeld; de kaart toont de eerste {max}. Kies een doorbraakgebied of "
        "gemeente, of download alles.",
        "en": "{n} cooperatives in view; the map shows the first {max}. Choose an area or municipality, "
        "or download everything.",
    },
    "vg.highlight": {"nl": "Markeer", "en": "Highlight"},
    "vg.none": {"nl": "— geen —", "en": "— none —"},
    "vg.withheld_box": {
        "nl": "Groepscijfers (mediaan en kwartielen) tonen we alleen bij minstens {n} coöperaties; hier "
        "zijn het er {found}. De losse punten blijven zichtbaar.",
        "en": "Group figures (median and quartiles) are only shown for at least {n} cooperatives; here "
        "there are {found}. The individual dots stay visible.",
    },
    "vg.withheld_groups": {
        "nl": "Niet getoond, want minder dan {n} coöperaties: {groups}.",
        "en": "Not shown, because fewer than {n} cooperatives: {groups}.",
    },
    "vg.dimension": {"nl": "Dimensie", "en": "Dimension"},
    "vg.all_dimensions": {"nl": "alle dimensies (totaalfase)", "en": "all dimensions (overall stage)"},
    "vg.all_in_view": {"nl": "alle in beeld", "en": "all in view"},
    "vg.target": {"nl": "doel: volwassen in drie jaar", "en": "target: mature in three years"},
    "vg.peers_intro": {
        "nl": "Sterk op {dimension} (niveau volwassen of hoger): vraag hen hoe ze het doen.",
        "en": "Strong on {dimension} (level mature or above): ask them how they do it.",
    },
    "vg.no_peers": {
        "nl": "Nog geen coöperatie in beeld is volwassen op {dimension}.",
        "en": "No cooperative in view is mature on {dimension} yet.",
    },
    "vg.pseudonym": {
        "nl": "schuilnaam: de coöperatie gaf geen toestemming om haar naam te tonen",
        "en": "pseudonym: the cooperative did not consent to showing its name",
    },
    "vg.export": {"nl": "Huidige weergave downloaden", "en": "Download current view"},
    "vg.export_note": {
        "nl": "De CSV is voor Nederlandse Excel (puntkomma, decimale komma). Tekst die met = + - @ begint, "
        "krijgt een apostrof zodat Excel er geen formule van maakt.",
        "en": "The CSV is for Dutch Excel (semicolon, decimal comma). Text starting with = + - @ gets an "
        "apostrophe so Excel does not treat it as a formula.",
    },
    # --- report ----------------------------------------------------------------------------------
    # --- summerschool ---------------------------------------------------------------------------
    "report.made_on": {"nl": "Gemaakt op {date}", "en": "Made on {date}"},
    "report.continued": {"nl": "(vervolg)", "en": "(continued)"},
    "report.footer_ss": {"nl": "wijkcoop · summerschool", "en": "wijkcoop · summer school"},
    "ss.form": {"nl": "formulier", "en": "form"},
    "ss.title": {"nl": "Summerschool: sessies voor trainers", "en": "Summer school: sessions for trainers"},
    "ss.session": {"nl": "Sessie", "en": "Session"},
    "ss.pick_none": {
        "nl": "— kies een sessie of maak een nieuwe —",
        "en": "— pick a session or make a new one —",
    },
    "ss.pick_first": {
        "nl": "Kies eerst bovenaan een sessie (of maak er een op het tabblad Sessie).",
        "en": "First pick a session at the top (or make one on the Session tab).",
    },
    "ss.tab.plan": {"nl": "Sessie", "en": "Session"},
    "ss.tab.attendance": {"nl": "Aanwezig", "en": "Attendance"},
    "ss.tab.entry": {"nl": "Invoeren", "en": "Enter"},
    "ss.tab.live": {"nl": "Live", "en": "Live"},
    "ss.tab.report": {"nl": "Verslag", "en": "Report"},
    "ss.tab.overview": {"nl": "Overzicht", "en": "Overview"},
    "ss.open": {"nl": "open voor deelnemers", "en": "open to participants"},
    "ss.closed_short": {"nl": "gesloten", "en": "closed"},
    "ss.closed": {
        "nl": "Deze sessie is gesloten. Vraag de trainer om haar weer te openen.",
        "en": "This session is closed. Ask the trainer to open it again.",
    },
    "ss.code_intro": {"nl": "Deelnemers doen mee met de code", "en": "Participants join with the code"},
    "ss.plan.new": {"nl": "Nieuwe sessie plannen", "en": "Plan a new session"},
    "ss.plan.module": {"nl": "Module", "en": "Module"},
    "ss.plan.date": {"nl": "Datum", "en": "Date"},
    "ss.plan.place": {"nl": "Plaats", "en": "Place"},
    "ss.plan.trainer": {"nl": "Trainer", "en": "Trainer"},
    "ss.plan.place_hint": {"nl": "bijvoorbeeld het buurthuis", "en": "for example the community centre"},
    "ss.plan.create": {"nl": "Sessie aanmaken", "en": "Create session"},
    "ss.plan.created": {
        "nl": "Sessie aangemaakt. De code voor de deelnemers is {code}.",
        "en": "Session created. The participants' code is {code}.",
    },
    "ss.plan.none": {
        "nl": "Nog geen sessie gekozen. Hieronder staat het programma van de module in het formulier.",
        "en": "No session picked yet. Below is the programme of the module chosen in the form.",
    },
    "ss.plan.close": {"nl": "Sessie sluiten", "en": "Close session"},
    "ss.plan.reopen": {"nl": "Sessie weer openen", "en": "Open session again"},
    "ss.need_module": {"nl": "Kies een module.", "en": "Choose a module."},
    "ss.need_date": {"nl": "Kies een datum.", "en": "Choose a date."},
    "ss.need_place": {"nl": "Vul de plaats in.", "en": "Fill in the place."},
    "ss.need_trainer": {"nl": "Vul de naam van de trainer in.", "en": "Fill in the trainer's name."},
    "ss.too_long": {
        "nl": "Een tekst is te lang (hooguit {max} tekens).",
        "en": "A text is too long (at most {max} characters).",
    },
    "ss.goals": {"nl": "Leerdoelen", "en": "Learning goals"},
    "ss.programme": {"nl": "Programma", "en": "Programme"},
    "ss.werkvormen": {"nl": "Werkvormen", "en": "Working methods"},
    "ss.reflection": {
        "nl": "Vragen voor de individuele reflectie",
        "en": "Questions for individual reflection",
    },
    "ss.materials": {"nl": "Nodig", "en": "Needed"},
    "ss.cooperative": {"nl": "Coöperatie", "en": "Cooperative"},
    "ss.role": {"nl": "Rol", "en": "Role"},
    "ss.choose": {"nl": "— kies —", "en": "— choose —"},
    "ss.no_cooperative": {"nl": "(geen coöperatie / onbekend)", "en": "(no cooperative / unknown)"},
    "ss.role.bestuurslid": {"nl": "bestuurslid", "en": "board member"},
    "ss.role.vrijwilliger": {"nl": "vrijwilliger", "en": "volunteer"},
    "ss.role.medewerker": {"nl": "medewerker", "en": "staff member"},
    "ss.role.bewoner": {"nl": "bewoner", "en": "resident"},
    "ss.role.anders": {"nl": "anders", "en": "other"},
    "ss.moment.voor": {"nl": "vóór vandaag", "en": "before today"},
    "ss.moment.na": {"nl": "nu", "en": "now"},
    "ss.before": {"nl": "voor", "en": "before"},
    "ss.after": {"nl": "na", "en": "after"},
    "ss.gain": {"nl": "groei", "en": "gain"},
    "ss.before_long": {"nl": "vóór de sessie (terugblik)", "en": "before the session (looking back)"},
    "ss.after_long": {"nl": "na de sessie", "en": "after the session"},
    "ss.rating_intro": {
        "nl": (
            "Geef per leerdoel aan hoe het nu is, en bij de eerste vragen ook hoe het vóór vandaag was."
            " 1 = klopt helemaal niet, 5 = klopt helemaal."
        ),
        "en": (
            "For each learning goal, say how it is now, and for the first questions also how it was "
            "before today. 1 = not true at all, 5 = completely true."
        ),
    },
    "ss.eval_scale": {"nl": "{n} van 5", "en": "{n} out of 5"},
    "ss.ratings_missing": {
        "nl": "Nog {n} vraag/vragen zonder antwoord, bij leerdoel {goals}.",
        "en": "{n} question(s) still unanswered, for learning goal {goals}.",
    },
    "ss.need_score": {
        "nl": "Kies bij beide vragen een cijfer van 1 tot 5.",
        "en": "Choose a number from 1 to 5 for both questions.",
    },
    "ss.need_participant": {"nl": "Vul een naam of schuilnaam in.", "en": "Fill in a name or pseudonym."},
    "ss.name_needs_consent": {
        "nl": "Een echte naam bewaren we alleen met toestemming: vink het vakje aan, of kies een schuilnaam.",
        "en": "We only keep a real name with consent: tick the box, or use a pseudonym.",
    },
    "ss.unknown_cooperative": {
        "nl": "Kies een coöperatie uit de lijst (of 'geen').",
        "en": "Choose a cooperative from the list (or 'none').",
    },
    "ss.need_role": {"nl": "Kies een rol.", "en": "Choose a role."},
    "ss.unknown_code": {
        "nl": "Sessiecode '{code}' bestaat niet. Kijk nog eens op het scherm van de trainer.",
        "en": "Session code '{code}' does not exist. Check the trainer's screen again.",
    },
    "ss.unknown_participant": {
        "nl": "Deze deelnemer staat niet bij de sessie.",
        "en": "This participant is not in the session.",
    },
    "ss.att.count": {
        "nl": "{n} deelnemer(s) aangemeld, {present} aanwezig.",
        "en": "{n} participant(s) registered, {present} present.",
    },
    "ss.att.save": {"nl": "Aanwezigheid opslaan", "en": "Save attendance"},
    "ss.att.saved": {"nl": "Opgeslagen: {n} wijziging(en).", "en": "Saved: {n} change(s)."},
    "ss.att.add_title": {"nl": "Deelnemer toevoegen", "en": "Add a participant"},
    "ss.att.consent": {
        "nl": "Dit is een echte naam en de deelnemer geeft toestemming die te bewaren",
        "en": "This is a real name and the participant consents to keeping it",
    },
    "ss.att.add": {"nl": "Toevoegen als aanwezig", "en": "Add as present"},
    "ss.att.added": {"nl": "{who} is toegevoegd.", "en": "{who} was added."},
    "ss.entry.intro": {
        "nl": (
            "Voor wie op papier invulde: kies de deelnemer en neem de antwoorden over. Opnieuw opslaan "
            "verbetert eerdere antwoorden; de oude blijven in de geschiedenis."
        ),
        "en": (
            "For those who filled in on paper: pick the participant and copy the answers. Saving again "
            "corrects earlier answers; the old ones stay in the history."
        ),
    },
    "ss.entry.who": {"nl": "Deelnemer", "en": "Participant"},
    "ss.entry.save": {"nl": "Scores opslaan", "en": "Save ratings"},
    "ss.entry.saved": {"nl": "{n} antwoorden van {who} opgeslagen.", "en": "{n} answers of {who} saved."},
    "ss.entry.eval_save": {"nl": "Evaluatie opslaan", "en": "Save evaluation"},
    "ss.entry.eval_saved": {"nl": "Evaluatie van {who} opgeslagen.", "en": "Evaluation of {who} saved."},
    "ss.live.legend": {
        "nl": "antwoord: 1 = klopt helemaal niet … 5 = klopt helemaal",
        "en": "answer: 1 = not true at all … 5 = completely true",
    },
    "ss.live.xlabel": {"nl": "aantal deelnemers", "en": "number of participants"},
    "ss.live.auto": {"nl": "Live bijwerken", "en": "Update live"},
    "ss.live.now": {"nl": "Nu bijwerken", "en": "Update now"},
    "ss.live.join": {
        "nl": "Doe mee: open de deelnemerspagina en typ",
        "en": "Join: open the participant page and type",
    },
    "ss.live.count": {
        "nl": "{n} deelnemer(s) hebben hun scores ingevuld, {evaluated} de evaluatie.",
        "en": "{n} participant(s) have entered their ratings, {evaluated} the evaluation.",
    },
    "ss.report.pdf": {"nl": "Verslag maken (PDF)", "en": "Make report (PDF)"},
    "ss.report.download": {"nl": "Verslag downloaden (PDF)", "en": "Download report (PDF)"},
    "ss.report.title": {"nl": "Summerschool: {module}", "en": "Summer school: {module}"},
    "ss.report.attendance": {"nl": "Aanwezigheid", "en": "Attendance"},
    "ss.report.named": {"nl": "Met toestemming genoemd: {names}", "en": "Named with consent: {names}"},
    "ss.report.learning": {
        "nl": "Leerdoelen: gemiddeld voor → na (weten en kunnen)",
        "en": "Learning goals: mean before → after (knowing and doing)",
    },
    "ss.report.evaluation": {"nl": "Evaluatie", "en": "Evaluation"},
    "ss.report.eval": {
        "nl": "{n} evaluatie(s); bruikbaarheid {relevance} en actief meedoen {engagement} (van 5)",
        "en": "{n} evaluation(s); usefulness {relevance} and active participation {engagement} (out of 5)",
    },
    "ss.report.tops": {"nl": "Tops", "en": "Tops"},
    "ss.report.tips": {"nl": "Tips", "en": "Tips"},
    "ss.ov.per_module": {"nl": "Per module", "en": "Per module"},
    "ss.ov.module": {"nl": "module", "en": "module"},
    "ss.ov.sessions": {"nl": "sessies", "en": "sessions"},
    "ss.ov.present": {"nl": "aanwezig", "en": "present"},
    "ss.ov.rated": {"nl": "ingevuld", "en": "rated"},
    "ss.ov.gain": {"nl": "groei (voor → na)", "en": "gain (before → after)"},
    "ss.ov.relevance": {"nl": "bruikbaarheid", "en": "usefulness"},
    "ss.ov.attendance": {"nl": "Aanwezigen per coöperatie", "en": "Participants present per cooperative"},
    "ss.ov.total": {"nl": "totaal", "en": "total"},
    "ss.ov.after": {"nl": "Daarna in de zelfevaluatie", "en": "Afterwards in the self-evaluation"},
    "ss.ov.after_intro": {
        "nl": (
            "Voor coöperaties die een module volgden: de gekoppelde dimensies in de laatste "
            "zelfevaluatieronde vóór de sessie en in de laatste ronde erna. 'Anderen' is de groei over "
            "dezelfde rondes bij coöperaties die de module niet volgden. Dit laat samenhang zien, geen "
            "bewijs van effect."
        ),
        "en": (
            "For cooperatives that took a module: the linked dimensions in the last self-evaluation "
            "round before the session and in the latest round after it. 'Others' is the change over the"
            " same rounds for cooperatives that did not take the module. This shows association, not "
            "proof of an effect."
        ),
    },
    "ss.ov.after_none": {
        "nl": "Nog geen coöperaties met een zelfevaluatie vóór én na een sessie.",
        "en": "No cooperatives yet with a self-evaluation both before and after a session.",
    },
    "ss.ov.dimension": {"nl": "dimensie", "en": "dimension"},
    "ss.ov.coops": {"nl": "coöperaties", "en": "cooperatives"},
    "ss.ov.before_round": {"nl": "ronde ervoor", "en": "round before"},
    "ss.ov.after_round": {"nl": "laatste ronde erna", "en": "latest round after"},
    "ss.ov.change": {"nl": "verschil", "en": "change"},
    "ss.ov.others": {"nl": "anderen", "en": "others"},
    "ss.p.title": {"nl": "Summerschool: doe mee", "en": "Summer school: take part"},
    "ss.p.code_intro": {
        "nl": "Typ de sessiecode die de trainer laat zien (6 tekens).",
        "en": "Type the session code the trainer shows (6 characters).",
    },
    "ss.p.join": {"nl": "Meedoen", "en": "Join"},
    "ss.p.who_intro": {
        "nl": "Wie ben je? Een schuilnaam is goed; gebruik dezelfde als je later iets wilt verbeteren.",
        "en": "Who are you? A pseudonym is fine; use the same one if you want to correct something later.",
    },
    "ss.p.who": {"nl": "Naam of schuilnaam", "en": "Name or pseudonym"},
    "ss.p.who_placeholder": {
        "nl": "bijvoorbeeld Merel of 'penningmeester Zuid'",
        "en": "for example Merel or 'treasurer South'",
    },
    "ss.p.consent": {
        "nl": "Dit is mijn echte naam en die mag in het verslag van de trainer staan",
        "en": "This is my real name and it may appear in the trainer's report",
    },
    "ss.p.next": {"nl": "Verder", "en": "Next"},
    "ss.p.welcome_back": {
        "nl": "Welkom terug, {who}. Je eerdere keuzes staan hieronder; pas aan wat niet meer klopt.",
        "en": "Welcome back, {who}. Your earlier choices are filled in; change what is no longer right.",
    },
    "ss.p.earlier": {
        "nl": "Je eerdere antwoorden staan al ingevuld; pas aan wat je wilt en verstuur opnieuw.",
        "en": "Your earlier answers are filled in; change what you like and send again.",
    },
    "ss.p.send_ratings": {"nl": "Scores versturen", "en": "Send ratings"},
    "ss.p.ratings_saved": {
        "nl": "Dank je: {n} antwoorden opgeslagen.",
        "en": "Thank you: {n} answers saved.",
    },
    "ss.p.eval_title": {"nl": "Korte evaluatie van de sessie", "en": "Short evaluation of the session"},
    "ss.p.send_eval": {"nl": "Evaluatie versturen", "en": "Send evaluation"},
    "ss.p.thanks": {"nl": "Bedankt voor het meedoen!", "en": "Thank you for taking part!"},
    "ss.p.reflect": {"nl": "Neem nog even de tijd voor jezelf:", "en": "Take a moment for yourself:"},
    "ss.month.1": {"nl": "januari", "en": "January"},
    "ss.month.2": {"nl": "februari", "en": "February"},
    "ss.month.3": {"nl": "maart", "en": "March"},
    "ss.month.4": {"nl": "april", "en": "April"},
    "ss.month.5": {"nl": "mei", "en": "May"},
    "ss.month.6": {"nl": "juni", "en": "June"},
    "ss.month.7": {"nl": "juli", "en": "July"},
    "ss.month.8": {"nl": "augustus", "en": "August"},
    "ss.month.9": {"nl": "september", "en": "September"},
    "ss.month.10": {"nl": "oktober", "en": "October"},
    "ss.month.11": {"nl": "november", "en": "November"},
    "ss.month.12": {"nl": "december", "en": "December"},
    # --- import --------------------------------------------------------------------------------
    "imp.empty": {"nl": "het bestand is leeg", "en": "the file is empty"},
    "imp.encoding": {
        "nl": (
            "dit bestand is geen tekst in UTF-8 of Windows-1252 (bewaar het in Excel als 'CSV UTF-8' "
            "of als .xlsx)"
        ),
        "en": (
            "this file is not text in UTF-8 or Windows-1252 (save it from Excel as 'CSV UTF-8' or as .xlsx)"
        ),
    },
    "imp.separator": {
        "nl": "de kopregel heeft geen scheidingsteken (; , of tab): is dit wel een CSV-bestand?",
        "en": "the header has no separator (; , or tab): is this a CSV file?",
    },
    "imp.quotes": {
        "nl": 'aanhalingstekens kloppen niet ({problem}); kijk of er een " ontbreekt of te veel staat',
        "en": 'quotes do not match ({problem}); look for a missing or extra "',
    },
    "imp.bad_xlsx": {
        "nl": "dit Excel-bestand kan niet worden geopend (beschadigd of met wachtwoord?)",
        "en": "this Excel file cannot be opened (damaged or password-protected?)",
    },
    "imp.header_only": {
        "nl": "het bestand heeft een kopregel maar geen gegevens",
        "en": "the file has a header but no data",
    },
    "imp.more_problems": {
        "nl": "meer dan {max} problemen; los deze eerst op",
        "en": "more than {max} problems; fix these first",
    },
    "imp.duplicate_column": {
        "nl": "de kolom '{column}' staat er twee keer in",
        "en": "the column '{column}' appears twice",
    },
    "imp.required": {"nl": "dit veld is leeg maar verplicht", "en": "this field is empty but required"},
    "imp.formula": {
        "nl": "'{value}' lijkt een formule; formules worden niet geïmporteerd (typ de waarde zelf)",
        "en": "'{value}' looks like a formula; formulas are not imported (type the value itself)",
    },
    "imp.too_long": {"nl": "te lang (hooguit {max} tekens)", "en": "too long (at most {max} characters)"},
    "imp.unknown_cooperative": {
        "nl": (
            "coöperatie '{value}' staat niet in het register; meld haar eerst aan in de app Zelfevaluatie"
        ),
        "en": ("cooperative '{value}' is not in the register; register it first in the self-evaluation app"),
    },
    "imp.bad_round": {
        "nl": "'{value}' is geen ronde (jjjj-1 tot jjjj-4, bijvoorbeeld 2026-1)",
        "en": "'{value}' is not a round (yyyy-1 to yyyy-4, for example 2026-1)",
    },
    "imp.future_round": {
        "nl": "ronde '{value}' ligt in de toekomst",
        "en": "round '{value}' is in the future",
    },
    "imp.bad_date": {
        "nl": "'{value}' is geen datum (bijvoorbeeld 24-11-2026 of 2026-11-24)",
        "en": "'{value}' is not a date (for example 24-11-2026 or 2026-11-24)",
    },
    "imp.date_out_of_range": {
        "nl": "datum '{value}' kan niet kloppen (voor 2000 of in de toekomst)",
        "en": "date '{value}' cannot be right (before 2000 or in the future)",
    },
    "imp.score_range": {
        "nl": "score '{value}' valt buiten 1 tot en met 5",
        "en": "score '{value}' is outside 1 to 5",
    },
    "imp.not_a_score": {
        "nl": "'{value}' is geen score (1 tot en met 5, of leeg / 'weet niet')",
        "en": "'{value}' is not a score (1 to 5, or empty / 'don't know')",
    },
    "imp.bad_flag": {"nl": "'{value}' is geen ja/nee", "en": "'{value}' is not a yes/no"},
    "imp.missing_column": {"nl": "er is geen kolom voor {column}", "en": "there is no column for {column}"},
    "imp.unknown_statement": {
        "nl": "'{value}' is geen stelling uit het groeimodel",
        "en": "'{value}' is not a statement of the growth model",
    },
    "imp.duplicate_row": {
        "nl": "deze score staat ook al op regel {first}",
        "en": "this score is also on row {first}",
    },
    "imp.duplicate_respondent": {
        "nl": "{who} staat ook al op regel {first} (zelfde coöperatie en ronde)",
        "en": "{who} is also on row {first} (same cooperative and round)",
    },
    "imp.mapping_unknown": {
        "nl": "de koppeling wijst kolom '{header}' toe aan '{value}', maar dat is geen stelling",
        "en": "the mapping assigns column '{header}' to '{value}', which is not a statement",
    },
    "imp.statement_twice": {
        "nl": "stelling {id} hoort ook al bij kolom '{other}'",
        "en": "statement {id} already belongs to column '{other}'",
    },
    "imp.mapping_header_missing": {
        "nl": "de koppeling noemt kolom '{header}', maar die staat niet in het bestand",
        "en": "the mapping names column '{header}', which is not in the file",
    },
    "imp.no_statements": {
        "nl": "geen enkele kolom is als stelling herkend; geef een koppelbestand (kolomkop: D4.2)",
        "en": "no column was recognised as a statement; give a mapping file (header: D4.2)",
    },
    "imp.already_imported": {
        "nl": "dit bestand is al geïmporteerd op {when} (als {file}); er is niets opnieuw opgeslagen",
        "en": "this file was already imported on {when} (as {file}); nothing was saved again",
    },
    "imp.already_stored": {
        "nl": "alle scores in dit bestand staan al precies zo in de gegevens; er is niets opgeslagen",
        "en": "every score in this file is already stored exactly like this; nothing was saved",
    },
    "imp.bad_kind": {
        "nl": "'{value}' is geen soort coöperatie ({kinds})",
        "en": "'{value}' is not a kind of cooperative ({kinds})",
    },
    "imp.col.cooperative": {
        "nl": "de coöperatie (of kies er één voor het hele bestand)",
        "en": "the cooperative (or choose one for the whole file)",
    },
    "imp.col.round": {
        "nl": "de ronde of een datum (of kies een ronde voor het hele bestand)",
        "en": "the round or a date (or choose a round for the whole file)",
    },
    "imp.col.respondent": {
        "nl": "de respondent (schuilnaam, naam of rol)",
        "en": "the respondent (pseudonym, name or role)",
    },
    # --- cli: import, export, forget, backup ---------------------------------------------------
    "cli.import.no_file": {
        "nl": "Bestand niet gevonden: {file}",
        "en": "File not found: {file}",
    },
    "cli.import.read": {
        "nl": "Gelezen: {file} — indeling: {layout}; codering {encoding}; scheidingsteken {separator}",
        "en": "Read: {file} — layout: {layout}; encoding {encoding}; separator {separator}",
    },
    "cli.import.layout.long": {
        "nl": "lang (één regel per antwoord)",
        "en": "long (one row per answer)",
    },
    "cli.import.layout.wide": {
        "nl": "breed (één regel per respondent, één kolom per stelling)",
        "en": "wide (one row per respondent, one column per statement)",
    },
    "cli.import.layout.none": {
        "nl": "onbekend",
        "en": "unknown",
    },
    "cli.import.how.id": {
        "nl": "id in de kolomkop",
        "en": "id in the header",
    },
    "cli.import.how.text": {
        "nl": "tekst van de stelling",
        "en": "statement text",
    },
    "cli.import.how.mapping": {
        "nl": "koppelbestand",
        "en": "mapping file",
    },
    "cli.import.ignored": {
        "nl": "Niet gebruikt (geen stelling herkend): {columns}",
        "en": "Not used (no statement recognised): {columns}",
    },
    "cli.import.problems": {
        "nl": "{n} probleem/problemen; er is niets opgeslagen:",
        "en": "{n} problem(s); nothing was saved:",
    },
    "cli.import.checked": {
        "nl": (
            "In orde: {rows} scores van {respondents} respondent(en) in {cooperatives} "
            "coöperatie(s); niets opgeslagen (--check)."
        ),
        "en": (
            "All right: {rows} scores from {respondents} respondent(s) in {cooperatives} "
            "cooperative(s); nothing saved (--check)."
        ),
    },
    "cli.import.done": {
        "nl": (
            "Geïmporteerd in {data}: {rows} scores van {respondents} respondent(en) in "
            "{cooperatives} coöperatie(s); {new} nieuw in het register."
        ),
        "en": (
            "Imported into {data}: {rows} scores from {respondents} respondent(s) in {cooperatives}"
            " cooperative(s); {new} new in the register."
        ),
    },
    "cli.import.stage.check": {
        "nl": "Controleren",
        "en": "Checking",
    },
    "cli.import.stage.write": {
        "nl": "Opslaan",
        "en": "Saving",
    },
    "cli.export.unknown": {
        "nl": "Niets gevonden voor '{value}'.",
        "en": "Nothing found for '{value}'.",
    },
    "cli.export.done": {
        "nl": "Geschreven: {file} ({n} scores, {coops} coöperatie(s)).",
        "en": "Written: {file} ({n} scores, {coops} cooperative(s)).",
    },
    "cli.forget.nothing_found": {
        "nl": "Niets gevonden om te verwijderen.",
        "en": "Nothing found to remove.",
    },
    "cli.forget.removed": {
        "nl": "{file}: {n} regel(s) verwijderd",
        "en": "{file}: {n} row(s) removed",
    },
    "cli.forget.drafts": {
        "nl": "{n} concept(en) verwijderd",
        "en": "{n} draft(s) removed",
    },
    "cli.forget.backup": {
        "nl": (
            "Reservekopie van de oude bestanden: {folder} (verwijder die als je hem niet meer nodig"
            " hebt; ook daar staan de gegevens nog in)"
        ),
        "en": "Backup of the old files: {folder} (delete it when no longer needed; it still holds the data)",
    },
    "forget.nothing": {
        "nl": "geef --respondent of --cooperative",
        "en": "give --respondent or --cooperative",
    },
    "cli.forget": {
        "nl": "vergeten",
        "en": "forget",
    },
    "cli.backup.done": {
        "nl": "Reservekopie gemaakt en gecontroleerd: {folder} ({n} bestanden)",
        "en": "Backup made and verified: {folder} ({n} files)",
    },
    "cli.restore.safety": {
        "nl": "De gegevens van vóór het terugzetten staan in {folder}",
        "en": "The data from before the restore is in {folder}",
    },
    "cli.restore.done": {
        "nl": "{n} bestand(en) teruggezet in {data}",
        "en": "{n} file(s) restored into {data}",
    },
    "backup.no_manifest": {
        "nl": "dit is geen reservekopie van wijkcoop (MANIFEST.json ontbreekt of is beschadigd)",
        "en": "this is not a wijkcoop backup (MANIFEST.json is missing or damaged)",
    },
    "backup.missing": {
        "nl": "{file} ontbreekt in de reservekopie; er is niets teruggezet",
        "en": "{file} is missing from the backup; nothing was restored",
    },
    "backup.changed": {
        "nl": "{file} is veranderd sinds de reservekopie werd gemaakt; er is niets teruggezet",
        "en": "{file} changed since the backup was made; nothing was restored",
    },
    # --- zelfevaluatie: data tab ----------------------------------------------------------------
    "ze.tab.data": {
        "nl": "Gegevens",
        "en": "Data",
    },
    "gd.import": {
        "nl": "Importeren uit Excel of een formulier",
        "en": "Import from Excel or a form",
    },
    "gd.import_intro": {
        "nl": (
            "Een Excel-bestand (.xlsx) of CSV: onze eigen export, of een export van Microsoft "
            "Forms, Google Forms of LimeSurvey (één regel per persoon, één kolom per stelling). "
            "Eerst controleren: er wordt pas iets opgeslagen als het hele bestand klopt. Grote "
            "bestanden (meer dan 5 MB): gebruik `wijkcoop import`."
        ),
        "en": (
            "An Excel file (.xlsx) or CSV: our own export, or an export from Microsoft Forms, "
            "Google Forms or LimeSurvey (one row per person, one column per statement). Check "
            "first: nothing is saved until the whole file is right. Large files (over 5 MB): use "
            "`wijkcoop import`."
        ),
    },
    "gd.upload": {
        "nl": "Bestand",
        "en": "File",
    },
    "gd.mapping_intro": {
        "nl": (
            "Optioneel: een koppelbestand als de kolomkoppen geen stelling-id of stellingtekst zijn"
            " (per regel `kolomkop: D4.2`)."
        ),
        "en": (
            "Optional: a mapping file when the headers are neither statement ids nor statement "
            "texts (one `header: D4.2` per line)."
        ),
    },
    "gd.mapping_upload": {
        "nl": "Koppeling",
        "en": "Mapping",
    },
    "gd.coop": {
        "nl": "Coöperatie",
        "en": "Cooperative",
    },
    "gd.coop_short": {
        "nl": "Coöperatie",
        "en": "Cooperative",
    },
    "gd.from_file": {
        "nl": "— zoals in het bestand —",
        "en": "— as in the file —",
    },
    "gd.round": {
        "nl": "Ronde",
        "en": "Round",
    },
    "gd.round_hint": {
        "nl": "leeg: uit het bestand",
        "en": "empty: from the file",
    },
    "gd.check": {
        "nl": "Controleren",
        "en": "Check",
    },
    "gd.go": {
        "nl": "Importeren",
        "en": "Import",
    },
    "gd.no_file": {
        "nl": "Kies eerst een bestand.",
        "en": "Choose a file first.",
    },
    "gd.mapping_used": {
        "nl": "Zo zijn de kolommen gekoppeld ({n})",
        "en": "How the columns were matched ({n})",
    },
    "gd.checked": {
        "nl": (
            "Het bestand klopt: {rows} scores van {respondents} respondent(en) in {cooperatives} "
            "coöperatie(s). Klik op Importeren om op te slaan."
        ),
        "en": (
            "The file is fine: {rows} scores from {respondents} respondent(s) in {cooperatives} "
            "cooperative(s). Click Import to save."
        ),
    },
    "gd.imported": {
        "nl": (
            "Geïmporteerd: {rows} scores van {respondents} respondent(en) in {cooperatives} "
            "coöperatie(s); {new} nieuw in het register."
        ),
        "en": (
            "Imported: {rows} scores from {respondents} respondent(s) in {cooperatives} "
            "cooperative(s); {new} new in the register."
        ),
    },
    "gd.export": {
        "nl": "Exporteren",
        "en": "Export",
    },
    "gd.scope": {
        "nl": "Welke gegevens",
        "en": "Which data",
    },
    "gd.everything": {
        "nl": "alles",
        "en": "everything",
    },
    "gd.area": {
        "nl": "doorbraakgebied {area}",
        "en": "breakthrough area {area}",
    },
    "gd.export_button": {
        "nl": "Bestand maken",
        "en": "Make file",
    },
    "gd.download": {
        "nl": "Download {file} ({n} scores)",
        "en": "Download {file} ({n} scores)",
    },
    "gd.history": {
        "nl": "Geschiedenis van correcties",
        "en": "History of corrections",
    },
    "gd.history_intro": {
        "nl": (
            "Een correctie overschrijft niets: de oude waarde blijft bewaard. Hier zie je per ronde"
            " welke antwoorden later zijn veranderd."
        ),
        "en": (
            "A correction overwrites nothing: the old value is kept. Here you see per round which "
            "answers were changed later."
        ),
    },
    "gd.history_button": {
        "nl": "Toon geschiedenis",
        "en": "Show history",
    },
    "gd.no_history": {
        "nl": "In deze ronde is geen enkel antwoord gecorrigeerd.",
        "en": "No answer was corrected in this round.",
    },
    "gd.h.who": {
        "nl": "respondent",
        "en": "respondent",
    },
    "gd.h.statement": {
        "nl": "stelling",
        "en": "statement",
    },
    "gd.h.before": {
        "nl": "eerder",
        "en": "earlier",
    },
    "gd.h.now": {
        "nl": "nu",
        "en": "now",
    },
    "report.title": {"nl": "Zelfevaluatie: bestuursgesprek", "en": "Self-evaluation: board meeting"},
    "report.meta": {
        "nl": "Gemaakt op {date} · groeimodel versie {version} · een gespreksinstrument, geen rapportcijfer",
        "en": "Made on {date} · growth model version {version} · a conversation tool, not a grade",
    },
    "report.agenda": {"nl": "Agenda: hier praten we over", "en": "Agenda: what we talk about"},
    "report.verbeterpunten": {"nl": "Verbeterpunten", "en": "Points to improve"},
    "report.none": {"nl": "(geen)", "en": "(none)"},
    "report.dimensions": {
        "nl": "Waar verschillen we? (gemiddelde, niveau, spreiding, aantal leden)",
        "en": "Where do we differ? (mean, level, spread, number of members)",
    },
    "report.dimension_line": {
        "nl": "{name}: {mean} ({level}), spreiding {spread}, {n} leden",
        "en": "{name}: {mean} ({level}), spread {spread}, {n} members",
    },
    "report.board_scores": {"nl": "Bestuursscores en onderbouwing", "en": "Board scores and rationale"},
    "report.notes": {"nl": "Toelichtingen van de leden", "en": "Members' notes"},
    "report.trend": {"nl": "Trend over de rondes", "en": "Trend over the rounds"},
    "report.footer": {"nl": "wijkcoop · zelfevaluatie", "en": "wijkcoop · self-evaluation"},
}


def t(key: str, lang: str = DEFAULT_LANG, /, **fields: object) -> str:
    """The text for `key` in `lang` (falls back to Dutch), with `fields` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**fields) if fields else text
