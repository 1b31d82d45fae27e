# As palavras do programa de computador em português: a área de notificação, as notificações e os erros
# (ditos pelo lado Rust, mensagens word-…), e as janelas (janela principal, cartões, marcador).
#
# Variáveis: $name, $number, … são dados (nomes, números, o detalhe do servidor Callcard ou do sistema).
# $has_… é "yes" ou "no": se a variável a seguir a has_ foi fornecida.
# $cause é outra mensagem deste catálogo, já redigida, a começar por minúscula.
# Números como $count e $secs são números: os plurais escolhem com base neles.

## Títulos dos cartões.

word-card-ringing = { $has_number ->
    [yes] Chamada recebida de { $number }
   *[no] Chamada recebida de um número oculto
}
word-card-calling = { $has_who ->
    [yes] Chamada para { $who }
   *[no] Chamada para um número oculto
}
word-card-talking = { $has_who ->
    [yes] Em conversa com { $who }
   *[no] Em conversa com um número oculto
}
word-card-ended = { $has_who ->
    [yes] Chamada com { $who } terminada
   *[no] Chamada com um número oculto terminada
}

## A notificação de chamada perdida.

word-missed-call-title = Chamada perdida
word-missed-call-body = { $has_name ->
    [yes] { $has_number ->
        [yes] Chamada perdida de { $name }, { $number }
       *[no] Chamada perdida de { $name }
    }
   *[no] { $has_number ->
        [yes] Chamada perdida de { $number }
       *[no] Chamada perdida de um número oculto
    }
}
word-call-back = Voltar a ligar

## A área de notificação: a dica e o menu, e o título da janela do marcador.

word-tray-starting = Callcard: a iniciar
word-tray-connected = Callcard: conectado
word-tray-connected-do-not-disturb = Callcard: conectado, não incomodar
word-tray-connecting = Callcard: a conectar…
word-tray-reconnecting = Callcard: a reconectar: { $cause }
word-tray-token-refused = Callcard: token recusado: { $cause }
word-tray-incompatible-relay = Callcard: servidor Callcard incompatível: { $cause }
word-tray-not-set-up = Callcard: não configurado
word-menu-open = Abrir o Callcard
word-menu-dial = Marcar…
word-menu-do-not-disturb = Não incomodar
word-menu-quit = Sair
word-dialer-window-title = Callcard: marcar

## Comunicação com o servidor Callcard.

word-relay-address-invalid = { $has_detail ->
    [yes] O endereço do servidor Callcard “{ $address }” não é válido: { $detail }.
   *[no] O endereço do servidor Callcard “{ $address }” não é válido.
}
word-relay-address-not-http = O endereço do servidor Callcard “{ $address }” não é válido: formato esperado http://servidor:porta ou https://servidor.
word-relay-unreachable = { $has_detail ->
    [yes] Não é possível comunicar com o servidor Callcard: { $detail }.
   *[no] Não é possível comunicar com o servidor Callcard.
}
word-relay-timed-out = Não é possível comunicar com o servidor Callcard: sem resposta em { $secs } s.
word-token-refused = O servidor Callcard recusou o token (incorreto ou revogado pelo administrador).
word-protocol-mismatch = Este programa usa o protocolo { $client } e o servidor Callcard usa o { $relay }: atualize o programa ou o servidor Callcard.
word-not-a-relay-status = Esse endereço responde, mas não como um servidor Callcard (HTTP { $status }).
word-not-a-relay-answer = { $has_detail ->
    [yes] Esse endereço responde, mas não como um servidor Callcard: resposta inesperada: { $detail }.
   *[no] Esse endereço responde, mas não como um servidor Callcard: resposta inesperada.
}
word-not-a-relay-no-hello = Esse endereço responde, mas não como um servidor Callcard: não enviou a saudação inicial no WebSocket.
word-relay-silent = O servidor Callcard ficou sem dar sinal durante { $secs } s.
word-relay-closed = O servidor Callcard fechou a conexão.
word-connection-lost = { $has_detail ->
    [yes] A conexão foi perdida: { $detail }.
   *[no] A conexão foi perdida.
}
word-relay-reported = { $has_detail ->
    [yes] O servidor Callcard indicou um erro: { $detail }.
   *[no] O servidor Callcard indicou um erro.
}
word-relay-refused = { $has_detail ->
    [yes] O servidor Callcard recusou o pedido: { $detail }.
   *[no] O servidor Callcard recusou o pedido.
}
word-relay-unavailable = { $has_detail ->
    [yes] O servidor Callcard não conseguiu executar o pedido agora: { $detail }.
   *[no] O servidor Callcard não conseguiu executar o pedido agora.
}

## Erros que o servidor Callcard indica por código.

word-storage-unavailable = O armazenamento do servidor Callcard não está disponível: tente novamente daqui a pouco.
word-request-refused = { $has_detail ->
    [yes] O servidor Callcard não aceitou o pedido deste programa (o programa pode precisar de uma atualização): { $detail }.
   *[no] O servidor Callcard não aceitou o pedido deste programa (o programa pode precisar de uma atualização).
}
word-bad-phone = { $has_detail ->
    [yes] Isto não é um número de telefone: { $detail }.
   *[no] Isto não é um número de telefone.
}
word-field-required = Preencha o campo “{ $field }”.
word-field-too-long = O campo “{ $field }” é longo demais (máximo de { $max } caracteres).
word-no-such-call = O servidor Callcard não tem essa chamada, ou não tem acesso a ela.
word-not-your-call = Só pode anotar resultados das chamadas que fez ou atendeu.
word-not-allowed-to-blacklist = O seu administrador não lhe deu permissão para bloquear números.
word-unknown-outcome = Esse resultado já não está disponível.
word-key-reused = O servidor Callcard já associou este clique a outra chamada: clique novamente.
word-no-recording = Esta chamada não tem gravação.
word-recording-not-ready = A gravação ainda não está pronta: tente novamente dentro de um minuto.
word-recording-gone = O PABX já não tem esta gravação (o endereço expirou ou o ficheiro foi apagado).
word-no-pbx-user = { $has_provider ->
    [yes] Não tem conta no PABX ({ $provider }): peça ao seu administrador que adicione a sua.
   *[no] Não tem conta no PABX: peça ao seu administrador que adicione a sua.
}
word-not-configured = { $has_what ->
    [yes] Isto não está configurado no servidor Callcard ({ $what }): fale com o seu administrador.
   *[no] Isto não está configurado no servidor Callcard: fale com o seu administrador.
}
word-pbx-refused = { $has_detail ->
    [yes] O PABX recusou o pedido: { $detail }.
   *[no] O PABX recusou o pedido.
}
word-pbx-no-money = { $has_detail ->
    [yes] A conta do PABX ficou sem saldo: { $detail }.
   *[no] A conta do PABX ficou sem saldo.
}
word-pbx-rate-limited = { $has_retry_after_secs ->
    [yes] O PABX recebeu pedidos em excesso: tente novamente dentro de { $retry_after_secs } s.
   *[no] O PABX recebeu pedidos em excesso: tente novamente daqui a pouco.
}
word-pbx-unreachable = { $has_detail ->
    [yes] O servidor Callcard não consegue comunicar com o PABX: { $detail }.
   *[no] O servidor Callcard não consegue comunicar com o PABX.
}
word-pbx-bad-answer = { $has_detail ->
    [yes] O PABX deu uma resposta que o servidor Callcard não consegue usar: { $detail }.
   *[no] O PABX deu uma resposta que o servidor Callcard não consegue usar.
}

## Configurações e ficheiros neste computador.

word-enter-relay-address = Indique o endereço do servidor Callcard.
word-enter-token = Indique o token de agente fornecido pelo seu administrador.
word-wrap-up-delay-out-of-range = O tempo de pós-chamada deve estar entre { $min } e { $max } segundos.
word-settings-not-saved = { $has_detail ->
    [yes] Não é possível guardar as configurações: { $detail }.
   *[no] Não é possível guardar as configurações.
}
word-settings-unreadable = { $has_detail ->
    [yes] Não é possível ler { $path }: { $detail }.
   *[no] Não é possível ler { $path }.
}
word-settings-damaged = { $path } está danificado ({ $detail }); são usados os valores predefinidos.
word-unknown-language = Este programa não conhece o idioma “{ $language }”.
word-autostart-not-changed = { $has_detail ->
    [yes] Não foi possível alterar o início automático com a sessão: { $detail }.
   *[no] Não foi possível alterar o início automático com a sessão.
}
word-keyring-unavailable = O cofre de credenciais do sistema não está disponível: { $detail } (no Linux, tem de estar em execução um Secret Service, como o GNOME Keyring ou o KWallet).
word-keyring-locked = O cofre de credenciais do sistema está bloqueado: desbloqueie-o e tente novamente.
word-keyring-failed = { $has_detail ->
    [yes] Erro no cofre de credenciais do sistema: { $detail }.
   *[no] Erro no cofre de credenciais do sistema.
}
word-outbox-damaged = A fila de resultados estava danificada ({ $detail }); foi guardada como { $path }.

## Chamadas, contactos, resultados.

word-not-connected = Sem conexão ao servidor Callcard: verifique as configurações.
word-no-number-to-save = Esta chamada não tem número para guardar.
word-enter-contact-name = Indique o nome do cliente.
word-call-not-listed = Esta chamada já não está na lista do programa.
word-note-too-long = A nota é longa demais (máximo de { $max } caracteres).
word-outcome-not-queued = { $has_detail ->
    [yes] Não é possível guardar o resultado neste computador: { $detail }.
   *[no] Não é possível guardar o resultado neste computador.
}
word-outcome-refused = O servidor Callcard recusou o resultado “{ $label }”: { $cause }.

## Marcação.

word-enter-number = Indique um número de telefone.
word-not-a-number = “{ $input }” não é um número de telefone.
word-softphone-command-invalid = { $has_detail ->
    [yes] O comando do telefone de software não é válido: { $detail }.
   *[no] O comando do telefone de software não é válido.
}
word-softphone-command-empty = O comando do telefone de software está vazio.
word-dial-started = Chamada para { $number }: o seu telefone vai tocar primeiro.
word-handed-to-softphone = { $number } enviado para o telefone de software.
word-no-tel-handler = Nenhum programa neste computador abre endereços tel: ({ $detail }).
word-softphone-not-started = { $has_detail ->
    [yes] Não é possível iniciar o telefone de software “{ $program }”: { $detail }.
   *[no] Não é possível iniciar o telefone de software “{ $program }”.
}

## O reprodutor de gravações.

word-bad-speed = A velocidade tem de ser 1x, 1.5x ou 2x (recebido: { $speed }).
word-unknown-player-action = Ação do reprodutor desconhecida: “{ $action }”.
word-recordings-cache-failed = { $has_detail ->
    [yes] Não é possível criar a pasta temporária das gravações: { $detail }.
   *[no] Não é possível criar a pasta temporária das gravações.
}
word-recording-not-written = { $has_detail ->
    [yes] Não é possível guardar a gravação: { $detail }.
   *[no] Não é possível guardar a gravação.
}
word-download-broke-off = { $has_detail ->
    [yes] O descarregamento foi interrompido: { $detail }.
   *[no] O descarregamento foi interrompido.
}
word-download-cut-short = O descarregamento ficou incompleto; tente novamente.
word-recording-not-opened = { $has_detail ->
    [yes] Não é possível abrir a gravação: { $detail }.
   *[no] Não é possível abrir a gravação.
}
word-recording-undecodable = Não é possível reproduzir a gravação: o ficheiro está danificado ou não é áudio ({ $detail }).
word-no-sound-output = { $has_detail ->
    [yes] Não há saída de som neste computador: { $detail }.
   *[no] Não há saída de som neste computador.
}
word-seek-failed = { $has_detail ->
    [yes] Não é possível ir para esse ponto: { $detail }.
   *[no] Não é possível ir para esse ponto.
}

## A janela principal: cabeçalho e estado da conexão.

status-not-configured = Não configurado: indique abaixo o endereço do servidor Callcard e o seu token
status-connecting = A conectar…
status-connected = Conectado
status-reconnecting = Nova tentativa de conexão dentro de { $secs } s. { $reason }
status-auth-failed = Token recusado. { $reason }
status-protocol-mismatch = Servidor Callcard incompatível. { $reason }
agent-with-extension = { $name } · extensão { $extension }
main-dial = Marcar…
main-do-not-disturb = Não incomodar

## Listas de chamadas: colunas e células.

col-time = Hora
col-when = Data
col-client = Cliente
col-number = Número
col-state = Estado
col-duration = Duração
col-agent = Agente
col-outcome = Resultado
col-outcome-and-note = Resultado e nota
col-now = Agora
col-for = Tempo
client-with-company = { $name } ({ $company })
client-new-number = Número novo
client-open-journal =
    .title = Abrir a ficha do cliente
number-hidden = oculto
number-call =
    .title = Ligar para { $number }
play-recording =
    .title = Ouvir a gravação
blacklisted-tag = bloqueado
blacklist-button = Bloquear
    .title = Recusar as chamadas deste número
unblock-button = Desbloquear
    .title = Voltar a aceitar as chamadas deste número
outcome-sending = { $label } (a enviar…)
outcome-logged-by = { $agent }, { $when }
outcome-logged-by-with-note = { $agent }, { $when }: { $note }
outcome-change =
    .title = Anotar ou alterar o resultado
outcome-change-choose = alterar…
outcome-log-choose = anotar…

## Estados, sentidos e como terminaram as chamadas (a coluna de estado, as últimas chamadas de um cartão).

state-ringing = a tocar
state-talking = em conversa
state-answered = atendida
state-ended = terminada
state-other = outro
direction-incoming = recebida
direction-outgoing = efetuada
disposition-answered = atendida
disposition-missed = perdida
disposition-busy = ocupado
disposition-no-answer = sem resposta
disposition-cancelled = cancelada
disposition-failed = com falha
disposition-no-money = sem saldo
disposition-unallocated = número não atribuído
disposition-line-limit = limite de linhas
disposition-transferred = transferida

## As secções da janela principal.

to-log-title = Por anotar
to-log-hint = Chamadas suas ainda sem resultado. Basta um clique para o anotar.
reminders-title = Voltar a ligar
reminder-unknown-number = Número desconhecido
reminder-missed = { $count ->
    [one] Chamada perdida: { $when }
    [many] { $count } de chamadas perdidas; a última em { $when }
   *[other] { $count } chamadas perdidas; a última em { $when }
}
reminder-call-back = Voltar a ligar
calls-title = Chamadas de hoje
calls-none = Ainda não há chamadas hoje.
team-title = Equipa
team-missed-title = Perdidas hoje
team-no-missed = Nenhuma chamada perdida hoje.
team-hidden-number = número oculto
# Seguido de um relógio em contagem (m:ss).
team-waiting = { $count } em espera; espera mais longa:
team-nobody-waiting = Ninguém em espera.
team-missed-times = { $count ->
    [one] uma vez
    [many] { $count } de vezes
   *[other] { $count } vezes
}
team-called-back = retorno feito
team-not-yet = ainda não
activity-free = Disponível
activity-ringing = A tocar
activity-talking = Em conversa
activity-wrap-up = Pós-chamada
activity-do-not-disturb = Não incomodar

## Pesquisa no histórico.

history-title = Histórico
history-query =
    .placeholder = nome, empresa ou número
history-from = de
history-to = até
history-direction =
    .title = Direção
history-both-directions = recebidas e efetuadas
history-missed =
    .title = Perdidas
history-answered-and-missed = atendidas e perdidas
history-missed-only = só perdidas
history-answered-only = só atendidas
history-outcome =
    .title = Resultado
history-any-outcome = qualquer resultado
history-agent = agente
history-any-agent = qualquer agente
history-search = Pesquisar
history-more = Mais
history-searching = A pesquisar…
history-found = { $count ->
    [0] Nenhuma chamada encontrada.
    [one] { $count } chamada.
    [many] { $count } de chamadas.
   *[other] { $count } chamadas.
}

## A ficha de um cliente.

journal-close =
    .title = Fechar
journal-lead = Cliente potencial
journal-client = Cliente
journal-responsible = Responsável: { $name }
journal-blacklisted = Bloqueado
journal-calls = { $count ->
    [one] { $count } chamada
    [many] { $count } de chamadas
   *[other] { $count } chamadas
}
journal-new-number = Número novo
journal-empty = Ainda não há chamadas com este número.
loading = A carregar…

## Configurações.

settings-title = Configurações
settings-relay-url = Endereço do servidor Callcard
settings-token = Token de agente
settings-token-new =
    .placeholder = cole o token fornecido pelo seu administrador
settings-token-saved =
    .placeholder = guardado no cofre de credenciais do sistema (deixe vazio para o manter)
settings-wrap-up = Fechar o cartão de pós-chamada após (segundos)
settings-start-at-login = Iniciar com a minha sessão
settings-start-hidden = Iniciar oculto na área de notificação
settings-dial-mode = Ao clicar num número
settings-dial-pbx = toca primeiro o meu telefone, através do PABX, e depois o do cliente
settings-dial-softphone = envia o número para o meu telefone de software
settings-softphone-command = Comando do telefone de software (opcional; {"{"}number{"}"} é substituído)
settings-softphone-example =
    .placeholder = ex.: microsip.exe {"{"}number{"}"} — vazio: o programa do sistema para endereços tel:
settings-language = Idioma
settings-language-system = o do sistema
settings-save = Verificar e guardar
settings-checking = A verificar…
settings-saved = Guardado. Sessão iniciada como { $name }.

## O cartão da chamada.

card-hidden-number = Número oculto
card-blacklisted = Bloqueado
card-lead = Cliente potencial
card-new-number = Número novo
card-name-client = Identificar este cliente
card-create-contact = Criar contacto
card-contact-name =
    .placeholder = Nome
card-contact-company =
    .placeholder = Empresa
card-contact-save = Guardar
card-manager = Responsável
card-line = Linha
card-last-call = Última chamada
card-outcome-note =
    .placeholder = Nota (opcional)
card-logged = Anotado:
card-play-recording = ▶ Gravação
card-close =
    .title = Fechar

## O reprodutor de gravações.

player-play =
    .title = Reproduzir
player-pause =
    .title = Pausa
player-stop =
    .title = Parar
player-downloading = A descarregar…
player-downloading-percent = A descarregar… { $percent }%

## O marcador.

dialer-input =
    .placeholder = Número ou nome
dialer-call = Ligar
dialer-calling = A ligar…
dialer-contacts = Contactos
dialer-recent = Chamadas recentes
