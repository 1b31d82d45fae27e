# Слова настільного застосунку українською: трей, сповіщення й помилки (їх формує частина на Rust,
# повідомлення word-…) та вікна (головне вікно, картки, набір номера).
#
# Змінні: $name, $number, … — це дані (імена, номери, подробиці від сервера Callcard або ОС).
# $has_… має значення "yes" або "no": чи передано змінну, назва якої йде після has_.
# $cause — інше повідомлення цього каталогу, уже сформульоване, з малої літери.
# $count, $secs тощо — числа: форми множини вибираються за ними.

## Заголовки картки.

word-card-ringing = { $has_number ->
    [yes] Вхідний дзвінок: { $number }
   *[no] Вхідний дзвінок із прихованого номера
}
word-card-calling = { $has_who ->
    [yes] Вихідний дзвінок: { $who }
   *[no] Вихідний дзвінок на прихований номер
}
word-card-talking = { $has_who ->
    [yes] Розмова: { $who }
   *[no] Розмова з прихованим номером
}
word-card-ended = { $has_who ->
    [yes] Дзвінок завершено: { $who }
   *[no] Дзвінок завершено: прихований номер
}

## Сповіщення про пропущений дзвінок.

word-missed-call-title = Пропущений дзвінок
word-missed-call-body = { $has_name ->
    [yes] { $has_number ->
        [yes] Пропущений дзвінок: { $name }, { $number }
       *[no] Пропущений дзвінок: { $name }
    }
   *[no] { $has_number ->
        [yes] Пропущений дзвінок: { $number }
       *[no] Пропущений дзвінок із прихованого номера
    }
}
word-call-back = Передзвонити

## Трей: підказка й меню, а також заголовок вікна набору номера.

word-tray-starting = Callcard: запуск
word-tray-connected = Callcard: підключено
word-tray-connected-do-not-disturb = Callcard: підключено, не турбувати
word-tray-connecting = Callcard: підключення…
word-tray-reconnecting = Callcard: повторне підключення: { $cause }
word-tray-token-refused = Callcard: токен відхилено: { $cause }
word-tray-incompatible-relay = Callcard: несумісна версія сервера: { $cause }
word-tray-not-set-up = Callcard: не налаштовано
word-menu-open = Відкрити Callcard
word-menu-dial = Набрати номер…
word-menu-do-not-disturb = Не турбувати
word-menu-quit = Вийти
word-dialer-window-title = Callcard: набір номера

## Зв’язок із сервером Callcard.

word-relay-address-invalid = { $has_detail ->
    [yes] Некоректна адреса сервера Callcard «{ $address }»: { $detail }.
   *[no] Некоректна адреса сервера Callcard «{ $address }».
}
word-relay-address-not-http = Некоректна адреса сервера Callcard «{ $address }»: очікується http://host:port або https://host.
word-relay-unreachable = { $has_detail ->
    [yes] Не вдається з’єднатися із сервером Callcard: { $detail }.
   *[no] Не вдається з’єднатися із сервером Callcard.
}
word-relay-timed-out = Не вдається з’єднатися із сервером Callcard: немає відповіді протягом { $secs } с.
word-token-refused = Сервер Callcard відхилив токен (він неправильний або адміністратор його відкликав).
word-protocol-mismatch = Цей застосунок використовує протокол { $client }, а сервер Callcard — { $relay }: оновіть застосунок або сервер.
word-not-a-relay-status = За цією адресою щось відповідає, але це не сервер Callcard (HTTP { $status }).
word-not-a-relay-answer = { $has_detail ->
    [yes] За цією адресою щось відповідає, але це не сервер Callcard: неочікувана відповідь: { $detail }.
   *[no] За цією адресою щось відповідає, але це не сервер Callcard: неочікувана відповідь.
}
word-not-a-relay-no-hello = За цією адресою щось відповідає, але це не сервер Callcard: через WebSocket не надійшло привітання.
word-relay-silent = Сервер Callcard не відповідав { $secs } с.
word-relay-closed = Сервер Callcard закрив з’єднання.
word-connection-lost = { $has_detail ->
    [yes] З’єднання втрачено: { $detail }.
   *[no] З’єднання втрачено.
}
word-relay-reported = { $has_detail ->
    [yes] Сервер Callcard повідомив про помилку: { $detail }.
   *[no] Сервер Callcard повідомив про помилку.
}
word-relay-refused = { $has_detail ->
    [yes] Сервер Callcard відмовив: { $detail }.
   *[no] Сервер Callcard відмовив.
}
word-relay-unavailable = { $has_detail ->
    [yes] Сервер Callcard не може виконати це зараз: { $detail }.
   *[no] Сервер Callcard не може виконати це зараз.
}

## Помилки, які сервер Callcard повідомляє кодом.

word-storage-unavailable = Сховище даних сервера Callcard недоступне: спробуйте ще раз за мить.
word-request-refused = { $has_detail ->
    [yes] Сервер Callcard не прийняв запит цього застосунку (можливо, застосунок потрібно оновити): { $detail }.
   *[no] Сервер Callcard не прийняв запит цього застосунку (можливо, застосунок потрібно оновити).
}
word-bad-phone = { $has_detail ->
    [yes] Це не номер телефону: { $detail }.
   *[no] Це не номер телефону.
}
word-field-required = Заповніть поле «{ $field }».
word-field-too-long = Поле «{ $field }» задовге (не більше { $max } символів).
word-no-such-call = На сервері Callcard немає такого дзвінка, або у вас немає доступу до нього.
word-not-your-call = Позначати результат можна лише для дзвінків, які обробили ви.
word-not-allowed-to-blacklist = Адміністратор не дозволив вам додавати номери до чорного списку.
word-unknown-outcome = Цього результату вже немає серед доступних.
word-key-reused = Сервер Callcard уже зарахував це натискання для іншого дзвінка: натисніть ще раз.
word-no-recording = Для цього дзвінка немає запису.
word-recording-not-ready = Запис ще не готовий: спробуйте ще раз за хвилину.
word-recording-gone = В АТС більше немає цього запису (термін дії посилання минув або файл видалено).
word-no-pbx-user = { $has_provider ->
    [yes] У вас немає облікового запису в АТС ({ $provider }): попросіть адміністратора додати його.
   *[no] У вас немає облікового запису в АТС: попросіть адміністратора додати його.
}
word-not-configured = { $has_what ->
    [yes] На сервері Callcard це не налаштовано ({ $what }): зверніться до адміністратора.
   *[no] На сервері Callcard це не налаштовано: зверніться до адміністратора.
}
word-pbx-refused = { $has_detail ->
    [yes] АТС відмовила: { $detail }.
   *[no] АТС відмовила.
}
word-pbx-no-money = { $has_detail ->
    [yes] На рахунку АТС закінчилися кошти: { $detail }.
   *[no] На рахунку АТС закінчилися кошти.
}
word-pbx-rate-limited = { $has_retry_after_secs ->
    [yes] АТС отримує забагато запитів: спробуйте ще раз через { $retry_after_secs } с.
   *[no] АТС отримує забагато запитів: спробуйте ще раз за мить.
}
word-pbx-unreachable = { $has_detail ->
    [yes] Сервер Callcard не може з’єднатися з АТС: { $detail }.
   *[no] Сервер Callcard не може з’єднатися з АТС.
}
word-pbx-bad-answer = { $has_detail ->
    [yes] АТС надіслала відповідь, яку сервер Callcard не може обробити: { $detail }.
   *[no] АТС надіслала відповідь, яку сервер Callcard не може обробити.
}

## Налаштування й файли на цьому комп’ютері.

word-enter-relay-address = Введіть адресу сервера Callcard.
word-enter-token = Введіть токен менеджера, який вам видав адміністратор.
word-wrap-up-delay-out-of-range = Час показу картки після дзвінка має бути від { $min } до { $max } с.
word-settings-not-saved = { $has_detail ->
    [yes] Не вдалося зберегти налаштування: { $detail }.
   *[no] Не вдалося зберегти налаштування.
}
word-settings-unreadable = { $has_detail ->
    [yes] Не вдалося прочитати { $path }: { $detail }.
   *[no] Не вдалося прочитати { $path }.
}
word-settings-damaged = Файл { $path } пошкоджено ({ $detail }); використано типові налаштування.
word-unknown-language = Цей застосунок не підтримує мову «{ $language }».
word-autostart-not-changed = { $has_detail ->
    [yes] Не вдалося змінити запуск разом із сеансом: { $detail }.
   *[no] Не вдалося змінити запуск разом із сеансом.
}
word-keyring-unavailable = Системне сховище ключів недоступне: { $detail } (у Linux має працювати служба Secret Service, наприклад GNOME Keyring або KWallet).
word-keyring-locked = Системне сховище ключів заблоковано: розблокуйте його й спробуйте ще раз.
word-keyring-failed = { $has_detail ->
    [yes] Помилка системного сховища ключів: { $detail }.
   *[no] Помилка системного сховища ключів.
}
word-outbox-damaged = Чергу результатів дзвінків було пошкоджено ({ $detail }); її збережено як { $path }.

## Дзвінки, контакти, результати.

word-not-connected = Немає підключення до сервера Callcard: перевірте налаштування.
word-no-number-to-save = У цього дзвінка немає номера, який можна зберегти.
word-enter-contact-name = Введіть ім’я клієнта.
word-call-not-listed = Цього дзвінка вже немає в списку застосунку.
word-note-too-long = Примітка задовга (не більше { $max } символів).
word-outcome-not-queued = { $has_detail ->
    [yes] Не вдалося зберегти результат на цьому комп’ютері: { $detail }.
   *[no] Не вдалося зберегти результат на цьому комп’ютері.
}
word-outcome-refused = Сервер Callcard відхилив результат «{ $label }»: { $cause }.

## Набір номера.

word-enter-number = Введіть номер телефону.
word-not-a-number = «{ $input }» — це не номер телефону.
word-softphone-command-invalid = { $has_detail ->
    [yes] Некоректна команда софтфона: { $detail }.
   *[no] Некоректна команда софтфона.
}
word-softphone-command-empty = Команду софтфона не задано.
word-dial-started = Дзвінок на { $number }: спочатку задзвонить ваш телефон.
word-handed-to-softphone = Номер { $number } передано софтфону.
word-no-tel-handler = На цьому комп’ютері немає програми, яка відкриває посилання tel: ({ $detail }).
word-softphone-not-started = { $has_detail ->
    [yes] Не вдалося запустити софтфон «{ $program }»: { $detail }.
   *[no] Не вдалося запустити софтфон «{ $program }».
}

## Програвач записів.

word-bad-speed = Швидкість може бути лише 1x, 1.5x або 2x (отримано { $speed }).
word-unknown-player-action = Невідома дія програвача «{ $action }».
word-recordings-cache-failed = { $has_detail ->
    [yes] Не вдалося створити кеш записів: { $detail }.
   *[no] Не вдалося створити кеш записів.
}
word-recording-not-written = { $has_detail ->
    [yes] Не вдалося зберегти запис: { $detail }.
   *[no] Не вдалося зберегти запис.
}
word-download-broke-off = { $has_detail ->
    [yes] Завантаження перервалося: { $detail }.
   *[no] Завантаження перервалося.
}
word-download-cut-short = Завантаження завершилося передчасно; спробуйте ще раз.
word-recording-not-opened = { $has_detail ->
    [yes] Не вдалося відкрити запис: { $detail }.
   *[no] Не вдалося відкрити запис.
}
word-recording-undecodable = Запис неможливо відтворити: файл пошкоджено або це не аудіо ({ $detail }).
word-no-sound-output = { $has_detail ->
    [yes] На цьому комп’ютері немає пристрою відтворення звуку: { $detail }.
   *[no] На цьому комп’ютері немає пристрою відтворення звуку.
}
word-seek-failed = { $has_detail ->
    [yes] Не вдалося перейти до цього місця: { $detail }.
   *[no] Не вдалося перейти до цього місця.
}

## Головне вікно: заголовок і стан підключення.

status-not-configured = Не налаштовано: введіть нижче адресу сервера Callcard і свій токен
status-connecting = Підключення…
status-connected = Підключено
status-reconnecting = Повторне підключення через { $secs } с. { $reason }
status-auth-failed = Токен відхилено. { $reason }
status-protocol-mismatch = Несумісна версія сервера Callcard. { $reason }
agent-with-extension = { $name } · внутр. { $extension }
main-dial = Набрати номер…
main-do-not-disturb = Не турбувати

## Списки дзвінків: стовпці й клітинки.

col-time = Час
col-when = Коли
col-client = Клієнт
col-number = Номер
col-state = Стан
col-duration = Тривалість
col-agent = Менеджер
col-outcome = Результат
col-outcome-and-note = Результат і примітка
col-now = Зараз
col-for = Триває
client-with-company = { $name } ({ $company })
client-new-number = Новий номер
client-open-journal =
    .title = Відкрити журнал клієнта
number-hidden = прихований
number-call =
    .title = Зателефонувати на { $number }
play-recording =
    .title = Відтворити запис
blacklisted-tag = у чорному списку
blacklist-button = До чорного списку
    .title = Відхиляти дзвінки з цього номера
unblock-button = Розблокувати
    .title = Знову приймати дзвінки з цього номера
outcome-sending = { $label } (надсилання…)
outcome-logged-by = { $agent }, { $when }
outcome-logged-by-with-note = { $agent }, { $when }: { $note }
outcome-change =
    .title = Позначити або змінити результат
outcome-change-choose = змінити…
outcome-log-choose = позначити…

## Стани, напрямки та результати з’єднання (стовпець стану, останні дзвінки на картці).

state-ringing = дзвонить
state-talking = розмова
state-answered = прийнято
state-ended = завершено
state-other = інше
direction-incoming = вхідний
direction-outgoing = вихідний
disposition-answered = прийнято
disposition-missed = пропущено
disposition-busy = зайнято
disposition-no-answer = немає відповіді
disposition-cancelled = скасовано
disposition-failed = збій
disposition-no-money = недостатньо коштів
disposition-unallocated = неіснуючий номер
disposition-line-limit = ліміт ліній
disposition-transferred = переведено

## Розділи головного вікна.

to-log-title = Позначити результат
to-log-hint = Дзвінки, які ви обробили, але ще без результату. Результат позначається одним кліком.
reminders-title = Передзвонити
reminder-unknown-number = Невідомий номер
reminder-missed = { $count ->
    [1] Пропущений дзвінок, { $when }
    [one] { $count } пропущений дзвінок, останній — { $when }
    [few] { $count } пропущені дзвінки, останній — { $when }
    [many] { $count } пропущених дзвінків, останній — { $when }
   *[other] { $count } пропущеного дзвінка, останній — { $when }
}
reminder-call-back = Передзвонити
calls-title = Дзвінки за сьогодні
calls-none = Сьогодні ще не було дзвінків.
team-title = Команда
team-missed-title = Пропущені сьогодні
team-no-missed = Сьогодні пропущених дзвінків немає.
team-hidden-number = прихований номер
# Далі йде годинник, що відлічує час (m:ss).
team-waiting = { $count ->
    [one] { $count } дзвінок в очікуванні; найдовше —
    [few] { $count } дзвінки в очікуванні; найдовше —
    [many] { $count } дзвінків в очікуванні; найдовше —
   *[other] { $count } дзвінка в очікуванні; найдовше —
}
team-nobody-waiting = Ніхто не чекає.
team-missed-times = { $count ->
    [1] один раз
    [one] { $count } раз
    [few] { $count } рази
    [many] { $count } разів
   *[other] { $count } раза
}
team-called-back = передзвонили
team-not-yet = ще ні
activity-free = Вільний
activity-ringing = Дзвонить
activity-talking = Розмовляє
activity-wrap-up = Після дзвінка
activity-do-not-disturb = Не турбувати

## Пошук в історії.

history-title = Історія
history-query =
    .placeholder = ім’я, компанія або номер
history-from = з
history-to = по
history-direction =
    .title = Напрямок
history-both-directions = вхідні й вихідні
history-missed =
    .title = Пропущені
history-answered-and-missed = прийняті й пропущені
history-missed-only = лише пропущені
history-answered-only = лише прийняті
history-outcome =
    .title = Результат
history-any-outcome = будь-який результат
history-agent = менеджер
history-any-agent = будь-який менеджер
history-search = Шукати
history-more = Ще
history-searching = Пошук…
history-found = { $count ->
    [0] Дзвінків не знайдено.
    [one] { $count } дзвінок.
    [few] { $count } дзвінки.
    [many] { $count } дзвінків.
   *[other] { $count } дзвінка.
}

## Журнал клієнта.

journal-close =
    .title = Закрити
journal-lead = Лід
journal-client = Клієнт
journal-responsible = Відповідальний: { $name }
journal-blacklisted = У чорному списку
journal-calls = { $count ->
    [one] { $count } дзвінок
    [few] { $count } дзвінки
    [many] { $count } дзвінків
   *[other] { $count } дзвінка
}
journal-new-number = Новий номер
journal-empty = З цим номером ще не було дзвінків.
loading = Завантаження…

## Налаштування.

settings-title = Налаштування
settings-relay-url = Адреса сервера Callcard
settings-token = Токен менеджера
settings-token-new =
    .placeholder = вставте токен, який вам видав адміністратор
settings-token-saved =
    .placeholder = збережено в системному сховищі ключів (залиште порожнім, щоб не змінювати)
settings-wrap-up = Закривати картку після дзвінка через (секунд)
settings-start-at-login = Запускати під час входу в систему
settings-start-hidden = Запускати згорнутим в область сповіщень
settings-dial-mode = Натискання на номер
settings-dial-pbx = через АТС викликає спочатку мій телефон, потім клієнта
settings-dial-softphone = передає номер моєму софтфону
settings-softphone-command = Команда софтфона (необов’язково; {"{"}number{"}"} замінюється номером)
settings-softphone-example =
    .placeholder = напр., microsip.exe {"{"}number{"}"} — якщо порожньо: системний обробник tel:
settings-language = Мова
settings-language-system = як у системі
settings-save = Перевірити й зберегти
settings-checking = Перевірка…
settings-saved = Збережено. Ви увійшли як { $name }.

## Картка дзвінка.

card-hidden-number = Прихований номер
card-blacklisted = У чорному списку
card-lead = Лід
card-new-number = Новий номер
card-name-client = Вказати ім’я клієнта
card-create-contact = Створити контакт
card-contact-name =
    .placeholder = Ім’я
card-contact-company =
    .placeholder = Компанія
card-contact-save = Зберегти
card-manager = Менеджер
card-line = Лінія
card-last-call = Останній дзвінок
card-outcome-note =
    .placeholder = Примітка (необов’язково)
card-logged = Позначено:
card-play-recording = ▶ Запис
card-close =
    .title = Закрити

## Програвач записів.

player-play =
    .title = Відтворити
player-pause =
    .title = Пауза
player-stop =
    .title = Зупинити
player-downloading = Завантаження…
player-downloading-percent = Завантаження… { $percent }%

## Набір номера.

dialer-input =
    .placeholder = Номер або ім’я
dialer-call = Зателефонувати
dialer-calling = Виклик…
dialer-contacts = Контакти
dialer-recent = Останні дзвінки
