# Les textes de la console d’administration en français.
#
# Les variables ($name, $count, …) sont des données. Les nombres comme $count sont des nombres : les pluriels en dépendent.

## La page et son en-tête.

app-title = Administration Callcard
app-signed_in_as = Connecté en tant que { $name }
app-sign_out = Se déconnecter
app-loading = Chargement…
app-reload = Recharger
app-refresh = Actualiser
app-csrf_refused = Le serveur Callcard a refusé une modification venant de cette page (échec de la vérification de session). Rechargez la page.
app-page_failed = Impossible de charger cette page. Rechargez la page.
app-unreachable = Impossible de joindre le serveur Callcard. Vérifiez qu’il est en marche, puis réessayez.
nav-telephony = Téléphonie
nav-team = Équipe
nav-contacts = Contacts
nav-lines = Lignes
nav-outcomes = Résultats
nav-reports = Rapports
nav-board = Tableau en direct
nav-switches = Options
nav-flagged = Webhooks problématiques

## Le tableau en direct.

board-title = Tableau en direct
board-intro = Ce que fait chaque agent en ce moment, les appels en attente et les appels manqués du jour. Mis à jour au fil des appels.
board-agents = Agents
board-waiting = Appels en attente
board-missed_today = Manqués aujourd’hui
board-activity-free = Libre
board-activity-ringing = Sonnerie
board-activity-talking = En communication
board-activity-wrap_up = Post-appel
board-activity-do_not_disturb = Ne pas déranger
board-hidden_number = Numéro masqué
board-waiting_longest = { $count ->
    [one] { $count } appel en attente depuis { $wait }
    [many] { $count } appels en attente, le plus ancien depuis { $wait }
   *[other] { $count } appels en attente, le plus ancien depuis { $wait }
}
board-nobody_waiting = Aucun appel en attente.
board-no_agents = Aucun agent pour l’instant.
board-no_missed = Aucun appel manqué aujourd’hui.
board-called_back = Rappelé
board-not_called_back = Pas encore
board-col-agent = Agent
board-col-role = Rôle
board-col-activity = Activité
board-col-client = Client
board-col-since = Depuis
board-col-line = Ligne
board-col-waiting = Attente
board-col-missed = Appels manqués
board-col-last = Dernier appel
board-col-called_back = Rappelé

## Connexion.

signin-title = Connexion à la console d’administration Callcard
signin-token = Jeton d’administrateur
signin-token_placeholder = cc_…
signin-hint = Utilisez le jeton d’un administrateur (créé avec callcard-relay agent add … --admin).
signin-submit = Se connecter
signin-pending = Connexion…
signin-empty = Collez votre jeton d’administrateur.
signin-invalid_token = Ce jeton n’est pas valide, ou il a été révoqué.
signin-missing_token = Collez votre jeton d’administrateur.
signin-session_ended = Votre session a pris fin ; reconnectez-vous.
signin-signed_out = Vous êtes déconnecté.
signin-lost_admin = Ce jeton n’est plus celui d’un administrateur ; connectez-vous avec un jeton d’administrateur.
not_admin-title = Accès réservé aux administrateurs
not_admin-named = Ce jeton appartient à { $name }, { $role }, et non à un administrateur.
not_admin-unnamed = Ce jeton appartient à { $role }, et non à un administrateur.
not_admin-ask = Demandez à un administrateur un jeton d’administrateur, ou de vous nommer administrateur sur la page Équipe de la console.
not_admin-role-agent = un agent
not_admin-role-supervisor = un superviseur
not_admin-role-other = une personne qui n’est pas administrateur

## Rôles.

role-agent = Agent
role-supervisor = Superviseur
role-admin = Administrateur
role-unknown = Rôle inconnu

## Opérateurs.

provider-zadarma = Zadarma
provider-itoolabs = ITooLabs / MegaFon
provider-uis = UIS / CoMagic
provider-ringostat = Ringostat

## Téléphonie.

telephony-title = Téléphonie
telephony-none = Le serveur Callcard ne signale aucun opérateur.
telephony-api_set = Les clés API sont définies.
telephony-api_unset = Les clés API ne sont pas définies : l’appel en un clic, le solde et les listes d’utilisateurs ne fonctionnent pas.
telephony-webhooks_set = Le secret des webhooks est défini : les webhooks sont vérifiés.
telephony-webhooks_unset = Le secret des webhooks n’est pas défini.
telephony-urls = URL des webhooks à coller dans l’espace client du standard téléphonique
telephony-no_urls = Aucune URL de webhook.
telephony-secret_hint = Remplacez {"{"}secret{"}"} par le secret des webhooks indiqué dans la configuration du serveur Callcard (il n’est jamais affiché ici).
# The label of the one webhook URL that takes every event.
telephony-all_events = tous les événements
telephony-copy = Copier
telephony-copied = Copié
telephony-copy_manually = Sélectionné : appuyez sur Ctrl+C
telephony-check = Vérifier les clés
telephony-checking = Vérification…
telephony-keys_work = Les clés fonctionnent.
telephony-balance = Solde : { $amount }.
telephony-no_balance = Le standard téléphonique n’indique aucun solde.
telephony-users = { $count ->
    [one] { $count } utilisateur.
    [many] { $count } utilisateurs.
   *[other] { $count } utilisateurs.
}
telephony-keys = Clés
telephony-key-api_key = Clé API
telephony-key-api_secret = Secret API
telephony-key-api_url = Adresse de l’API
telephony-key-api_token = Jeton API
telephony-key-crm_token = Jeton CRM
telephony-key-login = Identifiant
telephony-key-password = Mot de passe
telephony-key-access_token = Jeton d’accès
telephony-key-virtual_phone_number = Numéro virtuel
telephony-key-webhook_secret = Secret des webhooks
telephony-key-project_id = Identifiant du projet
telephony-key-auth_key = Clé d’authentification
telephony-key_source-store = saisie ici
telephony-key_source-config = du fichier de configuration
telephony-key_source-unset = non définie
telephony-key_source-unknown = { "" }
telephony-key_replace = •••••• saisir pour remplacer
telephony-key_clear = Effacer
telephony-key_cleared = effacée ici à l’enregistrement : la valeur du fichier de configuration, s’il y en a une, s’applique de nouveau
telephony-keys_save = Enregistrer les clés
telephony-keys_nothing = Rien à enregistrer : saisissez une nouvelle valeur, ou effacez une valeur saisie ici.
telephony-keys_saved = Enregistré. Vérifiez les clés pour vous assurer qu’elles fonctionnent.
telephony-tally = Dernier webhook : { $when } ; reçus : { $count }, signalés : { $flagged }
telephony-tally_no_time = Reçus : { $count }, signalés : { $flagged }
telephony-tally_none = Aucun webhook reçu pour l’instant
telephony-see_flagged = Voir les webhooks signalés

## Équipe.

team-title = Équipe
team-show_revoked = Afficher les agents révoqués ({ $count })
team-col-name = Nom
team-col-role = Rôle
team-col-actions = { "" }
team-you = (vous)
team-added = ajouté le { $when }
team-revoked_at = révoqué le { $when }
team-none = Aucun agent pour l’instant. Ajoutez le premier ci-dessous.
team-pbx_none = — aucun —
team-pbx_missing = { $id } (absent du standard téléphonique)
team-pbx_placeholder = identifiant utilisateur
team-users_failed = Impossible d’obtenir la liste des utilisateurs de { $provider } : { $error }
team-revoke = Révoquer
team-revoke_confirm = Révoquer le jeton de { $name } ? La personne est déconnectée immédiatement et ne pourra plus se connecter avec ce jeton.
team-revoke_confirm_self = Révoquer votre propre jeton ? Vous serez immédiatement déconnecté de cette console.
team-revoke_yes = Révoquer
team-revoke_no = Annuler
team-demote_self = Modifier votre propre rôle ? Vous ne pourrez plus utiliser cette console.
team-saved = Enregistré
team-may_blacklist = peut mettre des numéros en liste noire
team-may_blacklist_hint = Affiche le bouton « Bloquer » sur les fiches et dans la liste d’appels de cet agent dans l’application
team-may_blacklist_always = Les superviseurs et les administrateurs ont toujours le bouton « Bloquer »
team-add-title = Ajouter un agent
team-add-name = Nom
team-add-role = Rôle
team-add-pbx = Utilisateur sur { $provider } (facultatif)
team-add-submit = Ajouter l’agent
team-add-pending = Ajout…
team-add-empty_name = Saisissez le nom de l’agent.
team-token-title = { $name } a été ajouté. Son jeton :
team-token-warning = Copiez-le maintenant et remettez-le à { $name } : il ne sera plus affiché. Il se colle dans l’application Callcard.
team-token-copy = Copier
team-token-done = Terminé, je l’ai copié

## Contacts.

contacts-title = Contacts
contacts-search = Rechercher des contacts
contacts-search_placeholder = Rechercher par numéro, nom ou société
contacts-searching = Recherche…
contacts-none = Aucun contact pour l’instant. Ajoutez-en un ci-dessous, ou importez un fichier.
contacts-none_match = Aucun contact ne correspond à « { $q } ».
contacts-first = Seuls les { $limit } premiers sont affichés : précisez la recherche.
contacts-col-phone = Numéro
contacts-col-name = Nom
contacts-col-company = Société
contacts-col-responsible = Responsable
contacts-col-blacklisted = Liste noire
contacts-col-actions = { "" }
contacts-nobody = Personne
contacts-edit = Modifier
contacts-journal = Appels
journal-title = Appels avec { $who }
journal-loading = Chargement des appels…
journal-none = Aucun appel avec ce numéro pour l’instant.
journal-incoming = entrant
journal-outgoing = sortant
journal-missed = manqué
journal-answered = répondu
journal-ended = terminé
journal-in_progress = en cours
journal-col-when = Date
journal-col-direction = Sens
journal-col-agent = Agent
journal-col-state = { "" }
journal-col-duration = Conversation
journal-col-outcome = Résultat et note
journal-col-recording = Enregistrement
contacts-blacklist_label = Mettre { $phone } en liste noire
contacts-blacklisted_now = En liste noire
contacts-unblacklisted_now = Retiré de la liste noire
contacts-form-add = Ajouter ou modifier un contact
contacts-form-change = Modifier { $phone }
contacts-form-phone = Numéro
contacts-form-name = Nom
contacts-form-company = Société (facultatif)
contacts-form-responsible = Responsable attitré
contacts-form-blacklisted = En liste noire : les appels de ce numéro sont refusés (si l’option liste noire est activée)
contacts-form-hint = Enregistrer un numéro qui est déjà un contact modifie ce contact.
contacts-form-save = Enregistrer le contact
contacts-form-clear = Nouveau contact
contacts-form-saving = Enregistrement…
contacts-form-saved = { $name } ({ $phone }) enregistré.
contacts-import-title = Importer un fichier CSV
contacts-import-hint = La première ligne nomme les colonnes : phone (numéro) et name (nom), et si vous le souhaitez company (société), responsible (identifiant, poste ou nom d’un agent) et blacklist (liste noire : yes ou no). Un fichier est importé en entier ou pas du tout : s’il reste une ligne à corriger, rien n’est enregistré.
contacts-import-file = Fichier
contacts-import-submit = Importer
contacts-import-no_file = Choisissez d’abord un fichier.
contacts-import-pending = Importation de { $file }…
contacts-import-done = Ajoutés : { $created }, mis à jour : { $updated }.
contacts-import-refused = { $count ->
    [one] Rien n’a été importé : { $count } ligne est à corriger.
    [many] Rien n’a été importé : { $count } lignes sont à corriger.
   *[other] Rien n’a été importé : { $count } lignes sont à corriger.
}
contacts-import-row = Ligne { $line } ({ $phone }) : { $problem }
contacts-import-row_no_phone = Ligne { $line } : { $problem }

## Lignes.

lines-title = Lignes
lines-intro = Nos numéros et leurs libellés : la ligne affichée sur une fiche, et la source dans les rapports. Un libellé défini ici l’emporte sur celui du fichier de configuration.
lines-none = Aucune ligne n’a encore de libellé.
lines-col-did = Numéro
lines-col-label = Libellé
lines-col-source = Origine
lines-col-actions = { "" }
lines-label_of = Libellé de { $did }
lines-source-store = défini ici
lines-source-config = du fichier de configuration
lines-source-unknown = { "" }
lines-save = Enregistrer
lines-saved = Enregistré
lines-remove = Supprimer le libellé
lines-removing = Suppression…
lines-removed = Supprimé : le libellé du fichier de configuration s’applique de nouveau
lines-remove_hint = Supprimer un libellé défini ici rétablit le libellé du fichier de configuration pour ce numéro, s’il en a un.
lines-add-title = Ajouter une ligne
lines-add-did = Numéro
lines-add-label = Libellé
lines-add-submit = Ajouter la ligne

## Résultats.

outcomes-title = Résultats
outcomes-intro = Les boutons proposés par une fiche à la fin d’un appel, dans cet ordre. Un résultat retiré n’est plus proposé ; les appels déjà qualifiés avec lui le conservent.
outcomes-none = Aucun résultat pour l’instant. Ajoutez le premier ci-dessous.
outcomes-col-order = Ordre
outcomes-col-code = Code
outcomes-col-label = Libellé
outcomes-col-colour = Couleur
outcomes-col-converts = Crée un client
outcomes-converts_hint = Saisir ce résultat transforme le prospect de l’appel en client
outcomes-converts_yes = oui
outcomes-col-actions = { "" }
outcomes-up = Monter
outcomes-down = Descendre
outcomes-moved = Déplacé
outcomes-label_of = Libellé de { $code }
outcomes-colour_of = Couleur de { $code }
outcomes-save = Enregistrer
outcomes-saved = Enregistré
outcomes-retire = Retirer
outcomes-retired = retiré
outcomes-retired_now = Retiré : les fiches ne le proposent plus
outcomes-offer_again = Proposer à nouveau
outcomes-offered_again = Proposé à nouveau
outcomes-added = Ajouté
outcomes-add-title = Ajouter un résultat
outcomes-add-code = Code
outcomes-add-label = Libellé
outcomes-add-colour = Couleur
outcomes-add-hint = Le code est utilisé par les rapports et l’API : lettres, chiffres, _ et -. Il ne peut plus être modifié ensuite ; le libellé et la couleur, si.
outcomes-add-submit = Ajouter le résultat

## Rapports.

reports-title = Rapports
reports-intro = Les appels d’une période : totaux, graphiques avec leurs chiffres, appels de chaque agent, et les appels dans un fichier CSV.
reports-from = Du
reports-to = Au
reports-show = Afficher
reports-this_month = Ce mois-ci
reports-last_month = Le mois dernier
reports-no_calls = Aucun appel du { $from } au { $to }.
reports-timezone = Les jours sont comptés dans le fuseau horaire du serveur Callcard, { $timezone }.
reports-total-calls = Appels
reports-total-answered = Répondus
reports-total-missed = Manqués
reports-total-talk = Temps de conversation (h:mm)
reports-total-new_leads = Nouveaux prospects
reports-talk_exact = { $secs ->
    [one] { $secs } seconde
    [many] { $secs } secondes
   *[other] { $secs } secondes
}
reports-csv = Télécharger les appels (CSV)
reports-csv_semicolon = CSV avec points-virgules
reports-csv_hint = Utilisez le fichier avec points-virgules si votre tableur place chaque ligne dans une seule colonne (paramètres russes, ukrainiens, français, portugais).
reports-chart-days = Appels par jour
reports-chart-lines = Appels par ligne
reports-chart-outcomes = Résultats saisis
reports-chart-leads = Nouveaux prospects par source
reports-series-answered = Répondus
reports-series-missed = Manqués
reports-series-other = Sortants et autres
reports-no_line = Sans ligne
reports-no_outcomes = Aucun résultat n’a été saisi pour ces appels.
reports-no_leads = Aucun nouveau prospect sur cette période.
reports-agents = Agents
reports-no_agents = Aucun agent n’a participé à ces appels.
reports-col-day = Jour
reports-col-line = Ligne
reports-col-source = Source
reports-col-outcome = Résultat
reports-col-agent = Agent
reports-col-calls = Appels
reports-col-incoming = Entrants
reports-col-answered = Répondus
reports-col-missed = Manqués
reports-col-leads = Nouveaux prospects
reports-col-talk = Temps de conversation
reports-col-wait = Attente moyenne (s)
reports-col-with_outcome = Avec résultat

## Options.

switches-title = Options
switch-auto_create_contacts = Créer un contact pour chaque nouveau numéro
switch-route_to_responsible = Acheminer les appelants connus vers leur responsable attitré
switch-caller_name_on_phone = Afficher le nom de l’appelant sur le téléphone IP
switch-missed_call_reminders = Transformer les appels manqués en rappels
switch-blacklist = Refuser les numéros en liste noire
switch-recordings_of_others = Les agents peuvent écouter les enregistrements des appels des autres agents
setting-default_responsible = Qui reçoit les rappels des appelants sans responsable attitré
setting-nobody = Personne (les superviseurs voient ces rappels)
setting-not_active = { $value } (n’est pas un agent actif)
setting-saving = Enregistrement…
source-store = défini ici
source-config = du fichier de configuration
source-default = par défaut
source-unknown = { "" }

## Webhooks problématiques.

flagged-title = Webhooks problématiques
flagged-intro = Webhooks vérifiés dont le serveur Callcard n’a pas pu lire certaines parties (les { $limit } derniers). Ils ont été enregistrés et appliqués autant que possible.
flagged-none = Aucun webhook problématique.
flagged-col-time = Reçu
flagged-col-provider = Opérateur
flagged-col-event = Événement
flagged-col-problems = Problèmes
flagged-col-fields = Champs
flagged-show_fields = Afficher les champs

## Erreurs, par code (voir errors.ts).

error-not_admin = Cette action nécessite un jeton d’administrateur.
error-unknown_setting = Le serveur Callcard n’a pas de paramètre nommé { $name }.
error-bad_setting = Non enregistré : { $detail }
error-no_such_agent = Cet agent n’existe plus, ou a été révoqué.
error-unknown_provider = Le serveur Callcard ne connaît pas l’opérateur { $provider }.
error-pbx_user_taken = L’utilisateur { $user_id } sur { $provider } appartient déjà à { $agent }.
error-bad_role = Le serveur Callcard ne connaît pas le rôle { $role }.
error-pbx_user_taken_twice = L’utilisateur { $user_id } sur { $provider } est attribué deux fois.
error-agent_number = agent nº { $id }
error-field_required = Renseignez le champ « { $field } ».
error-field_required-contact-name = Saisissez le nom du contact.
error-field_required-line-label = Saisissez le libellé de la ligne.
error-field_required-outcome-code = Saisissez un code.
error-field_required-outcome-label = Saisissez le libellé du bouton.
error-field_required-report-from = Choisissez le premier jour.
error-field_required-report-to = Choisissez le dernier jour.
error-field_required-name = Saisissez le nom de l’agent.
error-field_required-pbx_users = Un agent doit avoir un utilisateur sur au moins un standard téléphonique (les superviseurs et les administrateurs peuvent n’en avoir aucun).
error-field_required-user_id = Un agent doit conserver un utilisateur sur au moins un standard téléphonique : attribuez-en d’abord un autre.
error-field_required-pbx_user = L’identifiant utilisateur sur { $provider } est vide.
error-field_too_long = Le champ « { $field } » est trop long ({ $max } caractères au maximum).
error-bad_field = Le champ « { $field } » n’est pas correct : { $detail }
error-bad_field-colour = La couleur doit être de la forme #2e7d32.
error-bad_field-code = Un code se compose de lettres, de chiffres, de _ et de - ({ $detail }).
error-bad_field-codes = Les résultats ont changé entre-temps : rechargez la page et recommencez le déplacement.
error-bad_field-blacklist = La colonne blacklist (liste noire) accepte yes ou no.
error-bad_field-phone = Ce numéro figure deux fois dans le fichier ({ $detail }).
error-bad_field-header = La première ligne doit nommer les colonnes, au moins phone et name.
error-bad_field-rows = Le fichier contient trop de lignes ({ $detail }).
error-bad_field-keys = Les clés ne sont pas utilisables : { $detail }
error-bad_field-from = Le premier jour doit être une date.
error-bad_field-to = Le dernier jour doit être une date égale ou postérieure au premier, à 400 jours au plus de celui-ci ({ $detail }).
error-bad_phone = Ce numéro de téléphone n’est pas utilisable : { $detail }
error-no_such_agent_named = Il n’y a pas d’agent actif { $agent } pouvant être responsable.
error-no_such_contact = Aucun contact n’a le numéro { $phone }.
error-no_such_line = Aucun libellé n’a été défini ici pour { $did }.
error-no_such_outcome = Aucun résultat proposé ne correspond à { $code }.
error-body_too_large = C’est trop volumineux pour le serveur Callcard.
error-bad_body = Le serveur Callcard n’a pas pu lire la requête : { $detail }
error-not_configured = Les clés API ne sont pas définies.
error-pbx_refused = Le standard téléphonique a refusé les clés : { $detail }
error-pbx_unreachable = Impossible de joindre le standard téléphonique.
error-pbx_unreachable_detail = Impossible de joindre le standard téléphonique : { $detail }
error-pbx_bad_answer = Le standard téléphonique a renvoyé une réponse inutilisable : { $detail }
error-pbx_rate_limited = Le standard téléphonique limite les requêtes ; réessayez dans { $retry_after_secs } s.
error-pbx_rate_limited_soon = Le standard téléphonique limite les requêtes ; réessayez sous peu.
error-pbx_no_money = Le compte du standard téléphonique n’a plus de crédit.
error-storage_unavailable = Le stockage du serveur Callcard est indisponible ; réessayez plus tard.
error-status = Le serveur Callcard a répondu { $status }.

## Noms des champs dans les phrases (Renseignez le champ « {field} »), par nom de champ du serveur Callcard.

field-phone = numéro
field-did = numéro
field-name = nom
field-company = société
field-label = libellé
field-colour = couleur
field-code = code
field-from = premier jour
field-to = dernier jour

## Le menu des langues dans l’en-tête.

app-language = Langue
app-language-browser = comme le navigateur

## La liste de résultats d’une nouvelle base de données, dans la langue [ui] du serveur Callcard.

default-outcome-interested = Intéressé
default-outcome-call-back = Rappeler plus tard
default-outcome-not-interested = Pas intéressé
default-outcome-wrong-number = Mauvais numéro
default-outcome-visit-booked = Rendez-vous pris
