# Les textes de l’application de bureau en français : la zone de notification, les notifications et
# les erreurs (formulées côté Rust, messages nommés word-…), et les fenêtres (fenêtre principale,
# fiches, numérotation).
#
# Variables : $name, $number, … sont des données (noms, numéros, détail du serveur Callcard ou du système).
# $has_… vaut « yes » ou « no » : la variable qui suit has_ a-t-elle été fournie.
# $cause est un autre message de ce catalogue, déjà formulé, commençant par une minuscule.
# Les nombres comme $count et $secs sont des nombres : les pluriels en dépendent.

## Titres des fiches.

word-card-ringing = { $has_number ->
    [yes] Appel entrant de { $number }
   *[no] Appel entrant d’un numéro masqué
}
word-card-calling = { $has_who ->
    [yes] Appel vers { $who }
   *[no] Appel vers un numéro masqué
}
word-card-talking = { $has_who ->
    [yes] En communication avec { $who }
   *[no] En communication avec un numéro masqué
}
word-card-ended = { $has_who ->
    [yes] Appel avec { $who } terminé
   *[no] Appel avec un numéro masqué terminé
}

## La notification d’appel manqué.

word-missed-call-title = Appel manqué
word-missed-call-body = { $has_name ->
    [yes] { $has_number ->
        [yes] Appel manqué de { $name }, { $number }
       *[no] Appel manqué de { $name }
    }
   *[no] { $has_number ->
        [yes] Appel manqué du { $number }
       *[no] Appel manqué d’un numéro masqué
    }
}
word-call-back = Rappeler

## La zone de notification : son info-bulle et son menu, et le titre de la fenêtre de numérotation.

word-tray-starting = Callcard : démarrage
word-tray-connected = Callcard : connecté
word-tray-connected-do-not-disturb = Callcard : connecté, ne pas déranger
word-tray-connecting = Callcard : connexion…
word-tray-reconnecting = Callcard : reconnexion : { $cause }
word-tray-token-refused = Callcard : jeton refusé : { $cause }
word-tray-incompatible-relay = Callcard : serveur Callcard incompatible : { $cause }
word-tray-not-set-up = Callcard : non configuré
word-menu-open = Ouvrir Callcard
word-menu-dial = Composer…
word-menu-do-not-disturb = Ne pas déranger
word-menu-quit = Quitter
word-dialer-window-title = Callcard : composer un numéro

## Échanges avec le serveur Callcard.

word-relay-address-invalid = { $has_detail ->
    [yes] L’adresse du serveur Callcard « { $address } » n’est pas valide : { $detail }.
   *[no] L’adresse du serveur Callcard « { $address } » n’est pas valide.
}
word-relay-address-not-http = L’adresse du serveur Callcard « { $address } » n’est pas valide : format attendu http://hôte:port ou https://hôte.
word-relay-unreachable = { $has_detail ->
    [yes] Impossible de joindre le serveur Callcard : { $detail }.
   *[no] Impossible de joindre le serveur Callcard.
}
word-relay-timed-out = Impossible de joindre le serveur Callcard : aucune réponse en { $secs } s.
word-token-refused = Le serveur Callcard a refusé le jeton (erroné, ou révoqué par l’administrateur).
word-protocol-mismatch = Cette application utilise le protocole { $client }, le serveur Callcard le protocole { $relay } : mettez à jour l’application ou le serveur.
word-not-a-relay-status = Cette adresse répond, mais pas comme un serveur Callcard (HTTP { $status }).
word-not-a-relay-answer = { $has_detail ->
    [yes] Cette adresse répond, mais pas comme un serveur Callcard : réponse inattendue : { $detail }.
   *[no] Cette adresse répond, mais pas comme un serveur Callcard : réponse inattendue.
}
word-not-a-relay-no-hello = Cette adresse répond, mais pas comme un serveur Callcard : aucun message d’accueil sur le WebSocket.
word-relay-silent = Le serveur Callcard est resté silencieux pendant { $secs } s.
word-relay-closed = Le serveur Callcard a fermé la connexion.
word-connection-lost = { $has_detail ->
    [yes] La connexion a été perdue : { $detail }.
   *[no] La connexion a été perdue.
}
word-relay-reported = { $has_detail ->
    [yes] Le serveur Callcard a signalé une erreur : { $detail }.
   *[no] Le serveur Callcard a signalé une erreur.
}
word-relay-refused = { $has_detail ->
    [yes] Le serveur Callcard a refusé la demande : { $detail }.
   *[no] Le serveur Callcard a refusé la demande.
}
word-relay-unavailable = { $has_detail ->
    [yes] Le serveur Callcard ne peut pas le faire pour l’instant : { $detail }.
   *[no] Le serveur Callcard ne peut pas le faire pour l’instant.
}

## Erreurs signalées par code par le serveur Callcard.

word-storage-unavailable = Le stockage du serveur Callcard est indisponible : réessayez dans un instant.
word-request-refused = { $has_detail ->
    [yes] Le serveur Callcard n’a pas accepté la requête de l’application (une mise à jour est peut-être nécessaire) : { $detail }.
   *[no] Le serveur Callcard n’a pas accepté la requête de l’application (une mise à jour est peut-être nécessaire).
}
word-bad-phone = { $has_detail ->
    [yes] Ce n’est pas un numéro de téléphone : { $detail }.
   *[no] Ce n’est pas un numéro de téléphone.
}
word-field-required = Renseignez le champ « { $field } ».
word-field-too-long = Le champ « { $field } » est trop long ({ $max } caractères au maximum).
word-no-such-call = Le serveur Callcard ne connaît pas cet appel, ou vous n’êtes pas autorisé à le voir.
word-not-your-call = Vous ne pouvez saisir un résultat que pour les appels que vous avez traités.
word-not-allowed-to-blacklist = Votre administrateur ne vous a pas autorisé à mettre des numéros en liste noire.
word-unknown-outcome = Ce résultat n’est plus proposé.
word-key-reused = Le serveur Callcard a déjà enregistré ce clic pour un autre appel : cliquez à nouveau.
word-no-recording = Cet appel n’a pas d’enregistrement.
word-recording-not-ready = L’enregistrement n’est pas encore prêt : réessayez dans une minute.
word-recording-gone = Le standard téléphonique n’a plus cet enregistrement (le lien a expiré ou le fichier a été supprimé).
word-no-pbx-user = { $has_provider ->
    [yes] Vous n’avez pas d’utilisateur sur le standard téléphonique ({ $provider }) : demandez à votre administrateur d’ajouter le vôtre.
   *[no] Vous n’avez pas d’utilisateur sur le standard téléphonique : demandez à votre administrateur d’ajouter le vôtre.
}
word-not-configured = { $has_what ->
    [yes] Ce n’est pas configuré sur le serveur Callcard ({ $what }) : adressez-vous à votre administrateur.
   *[no] Ce n’est pas configuré sur le serveur Callcard : adressez-vous à votre administrateur.
}
word-pbx-refused = { $has_detail ->
    [yes] Le standard téléphonique a refusé la demande : { $detail }.
   *[no] Le standard téléphonique a refusé la demande.
}
word-pbx-no-money = { $has_detail ->
    [yes] Le compte du standard téléphonique n’a plus de crédit : { $detail }.
   *[no] Le compte du standard téléphonique n’a plus de crédit.
}
word-pbx-rate-limited = { $has_retry_after_secs ->
    [yes] Le standard téléphonique reçoit trop de requêtes : réessayez dans { $retry_after_secs } s.
   *[no] Le standard téléphonique reçoit trop de requêtes : réessayez dans un instant.
}
word-pbx-unreachable = { $has_detail ->
    [yes] Le serveur Callcard ne parvient pas à joindre le standard téléphonique : { $detail }.
   *[no] Le serveur Callcard ne parvient pas à joindre le standard téléphonique.
}
word-pbx-bad-answer = { $has_detail ->
    [yes] Le standard téléphonique a donné une réponse inutilisable par le serveur Callcard : { $detail }.
   *[no] Le standard téléphonique a donné une réponse inutilisable par le serveur Callcard.
}

## Paramètres et fichiers sur cet ordinateur.

word-enter-relay-address = Saisissez l’adresse du serveur Callcard.
word-enter-token = Saisissez le jeton d’agent fourni par votre administrateur.
word-wrap-up-delay-out-of-range = Le délai de post-appel doit être compris entre { $min } et { $max } secondes.
word-settings-not-saved = { $has_detail ->
    [yes] Impossible d’enregistrer les paramètres : { $detail }.
   *[no] Impossible d’enregistrer les paramètres.
}
word-settings-unreadable = { $has_detail ->
    [yes] Impossible de lire { $path } : { $detail }.
   *[no] Impossible de lire { $path }.
}
word-settings-damaged = { $path } est endommagé ({ $detail }) ; les paramètres par défaut sont utilisés.
word-unknown-language = Cette application ne prend pas en charge la langue « { $language } ».
word-autostart-not-changed = { $has_detail ->
    [yes] Impossible de modifier le démarrage avec la session : { $detail }.
   *[no] Impossible de modifier le démarrage avec la session.
}
word-keyring-unavailable = Le trousseau de clés du système n’est pas disponible : { $detail } (sous Linux, un service de secrets tel que GNOME Keyring ou KWallet doit être en cours d’exécution).
word-keyring-locked = Le trousseau de clés du système est verrouillé : déverrouillez-le et réessayez.
word-keyring-failed = { $has_detail ->
    [yes] Le trousseau de clés du système a rencontré une erreur : { $detail }.
   *[no] Le trousseau de clés du système a rencontré une erreur.
}
word-outbox-damaged = La file d’attente des résultats était endommagée ({ $detail }) ; elle a été conservée sous { $path }.

## Appels, contacts, résultats.

word-not-connected = Non connecté au serveur Callcard : vérifiez les paramètres.
word-no-number-to-save = Cet appel n’a pas de numéro à enregistrer.
word-enter-contact-name = Saisissez le nom du client.
word-call-not-listed = Cet appel ne figure plus dans la liste de l’application.
word-note-too-long = La note est trop longue ({ $max } caractères au maximum).
word-outcome-not-queued = { $has_detail ->
    [yes] Impossible d’enregistrer le résultat sur cet ordinateur : { $detail }.
   *[no] Impossible d’enregistrer le résultat sur cet ordinateur.
}
word-outcome-refused = Le serveur Callcard a refusé le résultat « { $label } » : { $cause }.

## Numérotation.

word-enter-number = Saisissez un numéro de téléphone.
word-not-a-number = « { $input } » n’est pas un numéro de téléphone.
word-softphone-command-invalid = { $has_detail ->
    [yes] La commande du softphone n’est pas valide : { $detail }.
   *[no] La commande du softphone n’est pas valide.
}
word-softphone-command-empty = La commande du softphone est vide.
word-dial-started = Appel vers { $number } : votre téléphone sonne d’abord.
word-handed-to-softphone = { $number } transmis au softphone.
word-no-tel-handler = Aucun programme de cet ordinateur ne prend en charge les liens tel: ({ $detail }).
word-softphone-not-started = { $has_detail ->
    [yes] Impossible de lancer le softphone « { $program } » : { $detail }.
   *[no] Impossible de lancer le softphone « { $program } ».
}

## Le lecteur d’enregistrements.

word-bad-speed = La vitesse doit être 1x, 1.5x ou 2x (reçu : { $speed }).
word-unknown-player-action = Action du lecteur inconnue : « { $action } ».
word-recordings-cache-failed = { $has_detail ->
    [yes] Impossible de créer le cache des enregistrements : { $detail }.
   *[no] Impossible de créer le cache des enregistrements.
}
word-recording-not-written = { $has_detail ->
    [yes] Impossible d’écrire l’enregistrement : { $detail }.
   *[no] Impossible d’écrire l’enregistrement.
}
word-download-broke-off = { $has_detail ->
    [yes] Le téléchargement s’est interrompu : { $detail }.
   *[no] Le téléchargement s’est interrompu.
}
word-download-cut-short = Le téléchargement est incomplet ; réessayez.
word-recording-not-opened = { $has_detail ->
    [yes] Impossible d’ouvrir l’enregistrement : { $detail }.
   *[no] Impossible d’ouvrir l’enregistrement.
}
word-recording-undecodable = Impossible de lire l’enregistrement : le fichier est endommagé ou n’est pas un fichier audio ({ $detail }).
word-no-sound-output = { $has_detail ->
    [yes] Aucune sortie audio sur cet ordinateur : { $detail }.
   *[no] Aucune sortie audio sur cet ordinateur.
}
word-seek-failed = { $has_detail ->
    [yes] Impossible d’aller à cette position : { $detail }.
   *[no] Impossible d’aller à cette position.
}

## La fenêtre principale : en-tête et état de la connexion.

status-not-configured = Non configuré : saisissez ci-dessous l’adresse du serveur Callcard et votre jeton
status-connecting = Connexion…
status-connected = Connecté
status-reconnecting = Reconnexion dans { $secs } s. { $reason }
status-auth-failed = Jeton refusé. { $reason }
status-protocol-mismatch = Serveur Callcard incompatible. { $reason }
agent-with-extension = { $name } · poste { $extension }
main-dial = Composer…
main-do-not-disturb = Ne pas déranger

## Listes d’appels : colonnes et cellules.

col-time = Heure
col-when = Date
col-client = Client
col-number = Numéro
col-state = État
col-duration = Durée
col-agent = Agent
col-outcome = Résultat
col-outcome-and-note = Résultat et note
col-now = Activité
col-for = Depuis
client-with-company = { $name } ({ $company })
client-new-number = Nouveau numéro
client-open-journal =
    .title = Ouvrir le journal du client
number-hidden = masqué
number-call =
    .title = Appeler { $number }
play-recording =
    .title = Écouter l’enregistrement
blacklisted-tag = en liste noire
blacklist-button = Bloquer
    .title = Refuser les appels de ce numéro
unblock-button = Débloquer
    .title = Laisser de nouveau passer les appels de ce numéro
outcome-sending = { $label } (envoi…)
outcome-logged-by = { $agent }, { $when }
outcome-logged-by-with-note = { $agent }, { $when } : { $note }
outcome-change =
    .title = Saisir ou modifier le résultat
outcome-change-choose = modifier…
outcome-log-choose = saisir…

## États, sens et fins d’appel (la colonne État, les derniers appels d’une fiche).

state-ringing = sonnerie
state-talking = en communication
state-answered = répondu
state-ended = terminé
state-other = autre
direction-incoming = entrant
direction-outgoing = sortant
disposition-answered = répondu
disposition-missed = manqué
disposition-busy = occupé
disposition-no-answer = sans réponse
disposition-cancelled = annulé
disposition-failed = échec
disposition-no-money = crédit épuisé
disposition-unallocated = numéro non attribué
disposition-line-limit = limite de lignes atteinte
disposition-transferred = transféré

## Les sections de la fenêtre principale.

to-log-title = À qualifier
to-log-hint = Les appels que vous avez traités et qui n’ont pas encore de résultat. Un clic suffit pour le saisir.
reminders-title = À rappeler
reminder-unknown-number = Numéro inconnu
reminder-missed = { $count ->
    [one] Appel manqué le { $when }
    [many] { $count } appels manqués, le dernier le { $when }
   *[other] { $count } appels manqués, le dernier le { $when }
}
reminder-call-back = Rappeler
calls-title = Appels du jour
calls-none = Aucun appel aujourd’hui pour l’instant.
team-title = Équipe
team-missed-title = Manqués aujourd’hui
team-no-missed = Aucun appel manqué aujourd’hui.
team-hidden-number = numéro masqué
# Suivi d’un chronomètre (m:ss).
team-waiting = { $count ->
    [one] { $count } appel en attente depuis
    [many] { $count } appels en attente, le plus ancien depuis
   *[other] { $count } appels en attente, le plus ancien depuis
}
team-nobody-waiting = Aucun appel en attente.
team-missed-times = { $count ->
    [one] une fois
    [many] { $count } fois
   *[other] { $count } fois
}
team-called-back = rappelé
team-not-yet = pas encore
activity-free = Libre
activity-ringing = Sonnerie
activity-talking = En communication
activity-wrap-up = Post-appel
activity-do-not-disturb = Ne pas déranger

## Recherche dans l’historique.

history-title = Historique
history-query =
    .placeholder = nom, société ou numéro
history-from = du
history-to = au
history-direction =
    .title = Sens
history-both-directions = entrants et sortants
history-missed =
    .title = Manqués
history-answered-and-missed = répondus et manqués
history-missed-only = manqués uniquement
history-answered-only = répondus uniquement
history-outcome =
    .title = Résultat
history-any-outcome = tous les résultats
history-agent = agent
history-any-agent = tous les agents
history-search = Rechercher
history-more = Afficher plus
history-searching = Recherche…
history-found = { $count ->
    [0] Aucun appel trouvé.
    [one] { $count } appel.
    [many] { $count } appels.
   *[other] { $count } appels.
}

## Le journal d’un client.

journal-close =
    .title = Fermer
journal-lead = Prospect
journal-client = Client
journal-responsible = Responsable : { $name }
journal-blacklisted = En liste noire
journal-calls = { $count ->
    [one] { $count } appel
    [many] { $count } appels
   *[other] { $count } appels
}
journal-new-number = Nouveau numéro
journal-empty = Aucun appel avec ce numéro pour l’instant.
loading = Chargement…

## Paramètres.

settings-title = Paramètres
settings-relay-url = Adresse du serveur Callcard
settings-token = Jeton d’agent
settings-token-new =
    .placeholder = collez le jeton fourni par votre administrateur
settings-token-saved =
    .placeholder = enregistré dans le trousseau de clés du système (laissez vide pour le conserver)
settings-wrap-up = Fermer la fiche de post-appel après (secondes)
settings-start-at-login = Démarrer avec ma session
settings-start-hidden = Démarrer réduit dans la zone de notification
settings-dial-mode = Un clic sur un numéro
settings-dial-pbx = fait sonner mon téléphone via le standard téléphonique, puis le client
settings-dial-softphone = transmet le numéro à mon softphone
settings-softphone-command = Commande du softphone (facultatif ; {"{"}number{"}"} est remplacé par le numéro)
settings-softphone-example =
    .placeholder = ex. microsip.exe {"{"}number{"}"} — vide : le gestionnaire tel: du système
settings-language = Langue
settings-language-system = comme le système
settings-save = Vérifier et enregistrer
settings-checking = Vérification…
settings-saved = Enregistré. Connecté en tant que { $name }.

## La fiche d’appel.

card-hidden-number = Numéro masqué
card-blacklisted = En liste noire
card-lead = Prospect
card-new-number = Nouveau numéro
card-name-client = Nommer ce client
card-create-contact = Créer le contact
card-contact-name =
    .placeholder = Nom
card-contact-company =
    .placeholder = Société
card-contact-save = Enregistrer
card-manager = Responsable
card-line = Ligne
card-last-call = Dernier appel
card-outcome-note =
    .placeholder = Note (facultative)
card-logged = Résultat saisi :
card-play-recording = ▶ Enregistrement
card-close =
    .title = Fermer

## Le lecteur d’enregistrements.

player-play =
    .title = Lecture
player-pause =
    .title = Pause
player-stop =
    .title = Arrêt
player-downloading = Téléchargement…
player-downloading-percent = Téléchargement… { $percent } %

## La numérotation.

dialer-input =
    .placeholder = Numéro ou nom
dialer-call = Appeler
dialer-calling = Appel en cours…
dialer-contacts = Contacts
dialer-recent = Appels récents
