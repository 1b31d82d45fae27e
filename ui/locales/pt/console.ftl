# As palavras da área de administração em português.
#
# Variáveis ($name, $count, …) são dados. Números como $count são números: os plurais escolhem com base neles.

## A página e o seu cabeçalho.

app-title = Administração do Callcard
app-signed_in_as = Sessão iniciada como { $name }
app-sign_out = Terminar sessão
app-loading = A carregar…
app-reload = Recarregar
app-refresh = Atualizar
app-csrf_refused = O servidor Callcard recusou uma alteração feita nesta página (a verificação da sessão falhou). Recarregue a página.
app-page_failed = Não foi possível carregar esta página. Recarregue a página.
app-unreachable = Não foi possível comunicar com o servidor Callcard. Verifique se está em execução e tente novamente.
nav-telephony = Telefonia
nav-team = Equipa
nav-contacts = Contactos
nav-lines = Linhas
nav-outcomes = Resultados
nav-reports = Relatórios
nav-board = Painel em tempo real
nav-switches = Opções
nav-flagged = Webhooks com problemas

## O painel em tempo real.

board-title = Painel em tempo real
board-intro = O que cada agente faz neste momento, as chamadas em espera e as chamadas perdidas de hoje. Acompanha as chamadas à medida que acontecem.
board-agents = Agentes
board-waiting = Chamadas em espera
board-missed_today = Perdidas hoje
board-activity-free = Disponível
board-activity-ringing = A tocar
board-activity-talking = Em conversa
board-activity-wrap_up = Pós-chamada
board-activity-do_not_disturb = Não incomodar
board-hidden_number = Número oculto
board-waiting_longest = { $count ->
    [one] { $count } em espera; espera mais longa: { $wait }
    [many] { $count } em espera; espera mais longa: { $wait }
   *[other] { $count } em espera; espera mais longa: { $wait }
}
board-nobody_waiting = Ninguém em espera.
board-no_agents = Ainda não há agentes.
board-no_missed = Nenhuma chamada perdida hoje.
board-called_back = Retorno feito
board-not_called_back = Ainda não
board-col-agent = Agente
board-col-role = Função
board-col-activity = Agora
board-col-client = Cliente
board-col-since = Tempo
board-col-line = Linha
board-col-waiting = Em espera
board-col-missed = Chamadas perdidas
board-col-last = Última em
board-col-called_back = Retorno

## Início de sessão.

signin-title = Iniciar sessão na administração do Callcard
signin-token = Token de administrador
signin-token_placeholder = cc_…
signin-hint = Use o token de um administrador (criado com callcard-relay agent add … --admin).
signin-submit = Entrar
signin-pending = A iniciar sessão…
signin-empty = Cole o seu token de administrador.
signin-invalid_token = Este token não é válido ou foi revogado.
signin-missing_token = Cole o seu token de administrador.
signin-session_ended = A sua sessão terminou; inicie sessão novamente.
signin-signed_out = Sessão terminada.
signin-lost_admin = Este token já não é de um administrador; inicie sessão com o token de um administrador.
not_admin-title = Não é administrador
not_admin-named = Este token pertence a { $name }, { $role }, e não a um administrador.
not_admin-unnamed = Este token pertence a { $role }, e não a um administrador.
not_admin-ask = Peça a um administrador um token de administrador, ou que lhe atribua a função de administrador na página Equipa desta área de administração.
not_admin-role-agent = um agente
not_admin-role-supervisor = um supervisor
not_admin-role-other = alguém que não é administrador

## Funções.

role-agent = Agente
role-supervisor = Supervisor
role-admin = Administrador
role-unknown = Função desconhecida

## Fornecedores.

provider-zadarma = Zadarma
provider-itoolabs = ITooLabs / MegaFon
provider-uis = UIS / CoMagic
provider-ringostat = Ringostat

## Telefonia.

telephony-title = Telefonia
telephony-none = O servidor Callcard não indica nenhum fornecedor.
telephony-api_set = As chaves da API estão definidas.
telephony-api_unset = As chaves da API não estão definidas: a chamada com um clique, o saldo e as listas de contas não funcionam.
telephony-webhooks_set = O segredo dos webhooks está definido: os webhooks são verificados.
telephony-webhooks_unset = O segredo dos webhooks não está definido.
telephony-urls = Endereços (URL) dos webhooks para colar no painel do PABX
telephony-no_urls = Não há endereços de webhook.
telephony-secret_hint = Substitua {"{"}secret{"}"} pelo segredo dos webhooks que está na configuração do servidor Callcard (nunca é mostrado aqui).
# The label of the one webhook URL that takes every event.
telephony-all_events = todos os eventos
telephony-copy = Copiar
telephony-copied = Copiado
telephony-copy_manually = Selecionado: pressione Ctrl+C
telephony-check = Verificar as chaves
telephony-checking = A verificar…
telephony-keys_work = As chaves funcionam.
telephony-balance = Saldo: { $amount }.
telephony-no_balance = O PABX não indica o saldo.
telephony-users = { $count ->
    [one] { $count } conta.
    [many] { $count } de contas.
   *[other] { $count } contas.
}
telephony-keys = Chaves
telephony-key-api_key = Chave da API
telephony-key-api_secret = Segredo da API
telephony-key-api_url = Endereço da API
telephony-key-api_token = Token da API
telephony-key-crm_token = Token do CRM
telephony-key-login = Nome de acesso
telephony-key-password = Senha
telephony-key-access_token = Token de acesso
telephony-key-virtual_phone_number = Número de telefone virtual
telephony-key-webhook_secret = Segredo dos webhooks
telephony-key-project_id = ID do projeto
telephony-key-auth_key = Chave de autenticação
telephony-key_source-store = definido aqui
telephony-key_source-config = do ficheiro de configuração
telephony-key_source-unset = não definido
telephony-key_source-unknown = { "" }
telephony-key_replace = •••••• escreva para substituir
telephony-key_clear = Limpar
telephony-key_cleared = apagado aqui ao guardar: volta a valer o valor do ficheiro de configuração, se existir
telephony-keys_save = Guardar as chaves
telephony-keys_nothing = Nada para guardar: escreva um novo valor ou limpe um valor definido aqui.
telephony-keys_saved = Guardado. Verifique as chaves para confirmar que funcionam.
telephony-tally = Último webhook: { $when }; recebidos: { $count }; sinalizados: { $flagged }
telephony-tally_no_time = Recebidos: { $count }; sinalizados: { $flagged }
telephony-tally_none = Ainda não foi recebido nenhum webhook
telephony-see_flagged = Ver os sinalizados

## Equipa.

team-title = Equipa
team-show_revoked = Mostrar os agentes com acesso revogado ({ $count })
team-col-name = Nome
team-col-role = Função
team-col-actions = { "" }
team-you = (a sua conta)
team-added = desde { $when }
team-revoked_at = acesso revogado em { $when }
team-none = Ainda não há agentes. Adicione o primeiro abaixo.
team-pbx_none = — nenhuma —
team-pbx_missing = { $id } (não existe no PABX)
team-pbx_placeholder = ID da conta
team-users_failed = Não foi possível listar as contas de { $provider }: { $error }
team-revoke = Revogar
team-revoke_confirm = Revogar o token de { $name }? A sessão termina de imediato e esse token deixa de dar acesso.
team-revoke_confirm_self = Revogar o seu próprio token? A sua sessão nesta área de administração termina de imediato.
team-revoke_yes = Revogar
team-revoke_no = Cancelar
team-demote_self = Alterar a sua própria função? Deixará de poder usar esta área de administração.
team-saved = Guardado
team-may_blacklist = pode bloquear números
team-may_blacklist_hint = Mostra o botão de bloqueio nos cartões e na lista de chamadas deste agente no programa
team-may_blacklist_always = Supervisores e administradores têm sempre o botão de bloqueio
team-add-title = Adicionar um agente
team-add-name = Nome
team-add-role = Função
team-add-pbx = Conta { $provider } (opcional)
team-add-submit = Adicionar agente
team-add-pending = A adicionar…
team-add-empty_name = Indique o nome do agente.
team-token-title = Agente adicionado. Token de { $name }:
team-token-warning = Copie-o agora e entregue-o a { $name }: não voltará a ser mostrado. Deve ser colado no programa Callcard.
team-token-copy = Copiar
team-token-done = Feito, já o copiei

## Contactos.

contacts-title = Contactos
contacts-search = Pesquisar contactos
contacts-search_placeholder = Pesquisar por número, nome ou empresa
contacts-searching = A pesquisar…
contacts-none = Ainda não há contactos. Adicione um abaixo ou importe um ficheiro.
contacts-none_match = Nenhum contacto corresponde a “{ $q }”.
contacts-first = São mostrados os primeiros { $limit }: escreva mais para refinar a pesquisa.
contacts-col-phone = Número
contacts-col-name = Nome
contacts-col-company = Empresa
contacts-col-responsible = Responsável
contacts-col-blacklisted = Bloqueado
contacts-col-actions = { "" }
contacts-nobody = Ninguém
contacts-edit = Editar
contacts-journal = Chamadas
journal-title = Chamadas com { $who }
journal-loading = A carregar as chamadas…
journal-none = Ainda não há chamadas com este número.
journal-incoming = recebida
journal-outgoing = efetuada
journal-missed = perdida
journal-answered = atendida
journal-ended = terminada
journal-in_progress = em curso
journal-col-when = Data
journal-col-direction = Direção
journal-col-agent = Agente
journal-col-state = { "" }
journal-col-duration = Conversa
journal-col-outcome = Resultado e nota
journal-col-recording = Gravação
contacts-blacklist_label = Bloquear { $phone }
contacts-blacklisted_now = Bloqueado
contacts-unblacklisted_now = Desbloqueado
contacts-form-add = Adicionar ou alterar um contacto
contacts-form-change = Alterar { $phone }
contacts-form-phone = Número
contacts-form-name = Nome
contacts-form-company = Empresa (opcional)
contacts-form-responsible = Agente responsável
contacts-form-blacklisted = Bloqueado: as chamadas deste número são recusadas (quando a opção de bloqueio está ativa)
contacts-form-hint = Guardar um número que já é um contacto altera esse contacto.
contacts-form-save = Guardar contacto
contacts-form-clear = Novo contacto
contacts-form-saving = A guardar…
contacts-form-saved = Guardado: { $name } ({ $phone }).
contacts-import-title = Importar um ficheiro CSV
contacts-import-hint = A primeira linha indica os nomes das colunas: “phone” e “name” e, se quiser, “company”, “responsible” (nome de acesso, extensão ou nome de um agente) e “blacklist” (“yes” ou “no”). O ficheiro é importado por inteiro ou não é importado: se alguma linha tiver de ser corrigida, nada é guardado.
contacts-import-file = Ficheiro
contacts-import-submit = Importar
contacts-import-no_file = Escolha primeiro um ficheiro.
contacts-import-pending = A importar { $file }…
contacts-import-done = Adicionados: { $created }; atualizados: { $updated }.
contacts-import-refused = { $count ->
    [one] Nada foi importado: { $count } linha tem de ser corrigida.
    [many] Nada foi importado: { $count } de linhas têm de ser corrigidas.
   *[other] Nada foi importado: { $count } linhas têm de ser corrigidas.
}
contacts-import-row = Linha { $line } ({ $phone }): { $problem }
contacts-import-row_no_phone = Linha { $line }: { $problem }

## Linhas.

lines-title = Linhas
lines-intro = Os nossos números e as suas etiquetas: a linha que o cartão mostra e a origem nos relatórios. Uma etiqueta definida aqui prevalece sobre a do ficheiro de configuração.
lines-none = Ainda nenhuma linha tem etiqueta.
lines-col-did = Número
lines-col-label = Etiqueta
lines-col-source = Origem
lines-col-actions = { "" }
lines-label_of = Etiqueta de { $did }
lines-source-store = definida aqui
lines-source-config = do ficheiro de configuração
lines-source-unknown = { "" }
lines-save = Guardar
lines-saved = Guardado
lines-remove = Remover a etiqueta
lines-removing = A remover…
lines-removed = Removida: volta a valer a etiqueta do ficheiro de configuração
lines-remove_hint = Remover uma etiqueta definida aqui repõe a etiqueta do ficheiro de configuração para esse número, se existir.
lines-add-title = Adicionar uma linha
lines-add-did = Número
lines-add-label = Etiqueta
lines-add-submit = Adicionar linha

## Resultados.

outcomes-title = Resultados
outcomes-intro = Os botões que um cartão oferece quando uma chamada termina, por esta ordem. Um resultado desativado deixa de ser oferecido; as chamadas que já o tinham não o perdem.
outcomes-none = Ainda não há resultados. Adicione o primeiro abaixo.
outcomes-col-order = Ordem
outcomes-col-code = Código
outcomes-col-label = Etiqueta
outcomes-col-colour = Cor
outcomes-col-converts = Torna cliente
outcomes-converts_hint = Anotar este resultado transforma o cliente potencial da chamada em cliente
outcomes-converts_yes = sim
outcomes-col-actions = { "" }
outcomes-up = Mover para cima
outcomes-down = Mover para baixo
outcomes-moved = Movido
outcomes-label_of = Etiqueta de { $code }
outcomes-colour_of = Cor de { $code }
outcomes-save = Guardar
outcomes-saved = Guardado
outcomes-retire = Desativar
outcomes-retired = desativado
outcomes-retired_now = Desativado: os cartões já não o oferecem
outcomes-offer_again = Reativar
outcomes-offered_again = Reativado
outcomes-added = Adicionado
outcomes-add-title = Adicionar um resultado
outcomes-add-code = Código
outcomes-add-label = Etiqueta
outcomes-add-colour = Cor
outcomes-add-hint = O código é o que os relatórios e a API usam: letras, algarismos, _ e -. Não pode ser alterado depois; a etiqueta e a cor podem.
outcomes-add-submit = Adicionar resultado

## Relatórios.

reports-title = Relatórios
reports-intro = As chamadas de um período: totais, gráficos com os seus valores, as chamadas de cada agente e as chamadas num ficheiro CSV.
reports-from = De
reports-to = Até
reports-show = Mostrar
reports-this_month = Este mês
reports-last_month = Mês passado
reports-no_calls = Não houve chamadas de { $from } a { $to }.
reports-timezone = Os dias são contados no fuso horário do servidor Callcard, { $timezone }.
reports-total-calls = Chamadas
reports-total-answered = Atendidas
reports-total-missed = Perdidas
reports-total-talk = Tempo de conversa (h:mm)
reports-total-new_leads = Novos clientes potenciais
reports-talk_exact = { $secs ->
    [one] { $secs } segundo
    [many] { $secs } de segundos
   *[other] { $secs } segundos
}
reports-csv = Descarregar as chamadas (CSV)
reports-csv_semicolon = CSV com ponto e vírgula
reports-csv_hint = Use o ficheiro com ponto e vírgula se a sua folha de cálculo mostrar cada linha inteira numa só coluna (configurações regionais russas, ucranianas, francesas, portuguesas).
reports-chart-days = Chamadas por dia
reports-chart-lines = Chamadas por linha
reports-chart-outcomes = Resultados anotados
reports-chart-leads = Novos clientes potenciais por origem
reports-series-answered = Atendidas
reports-series-missed = Perdidas
reports-series-other = Efetuadas e outras
reports-no_line = Sem linha
reports-no_outcomes = Não foi anotado nenhum resultado para estas chamadas.
reports-no_leads = Nenhum cliente potencial novo neste período.
reports-agents = Agentes
reports-no_agents = Nenhum agente participou nestas chamadas.
reports-col-day = Dia
reports-col-line = Linha
reports-col-source = Origem
reports-col-outcome = Resultado
reports-col-agent = Agente
reports-col-calls = Chamadas
reports-col-incoming = Recebidas
reports-col-answered = Atendidas
reports-col-missed = Perdidas
reports-col-leads = Novos clientes potenciais
reports-col-talk = Tempo de conversa
reports-col-wait = Espera média (s)
reports-col-with_outcome = Com resultado

## Opções.

switches-title = Opções
switch-auto_create_contacts = Criar um contacto para cada número novo
switch-route_to_responsible = Encaminhar as chamadas de clientes conhecidos para o agente responsável
switch-caller_name_on_phone = Mostrar o nome de quem liga no telefone IP
switch-missed_call_reminders = Criar lembretes a partir das chamadas perdidas
switch-blacklist = Recusar as chamadas de números bloqueados
switch-recordings_of_others = Os agentes podem ouvir as gravações das chamadas de outros agentes
setting-default_responsible = Quem recebe os lembretes das chamadas sem agente responsável
setting-nobody = Ninguém (os supervisores veem esses lembretes)
setting-not_active = { $value } (não é um agente ativo)
setting-saving = A guardar…
source-store = definido aqui
source-config = do ficheiro de configuração
source-default = predefinido
source-unknown = { "" }

## Webhooks com problemas.

flagged-title = Webhooks com problemas
flagged-intro = Webhooks verificados com partes que o servidor Callcard não conseguiu ler (os últimos { $limit }). Foram guardados e aplicados na medida do possível.
flagged-none = Nenhum webhook com problemas.
flagged-col-time = Recebido
flagged-col-provider = Fornecedor
flagged-col-event = Evento
flagged-col-problems = Problemas
flagged-col-fields = Campos
flagged-show_fields = Mostrar os campos

## Erros, por código (ver errors.ts).

error-not_admin = Isto requer o token de um administrador.
error-unknown_setting = O servidor Callcard não tem nenhuma configuração chamada { $name }.
error-bad_setting = Não guardado: { $detail }
error-no_such_agent = Esse agente já não existe ou o seu acesso foi revogado.
error-unknown_provider = O servidor Callcard não conhece o fornecedor { $provider }.
error-pbx_user_taken = A conta { $user_id } de { $provider } já pertence a { $agent }.
error-bad_role = O servidor Callcard não conhece a função { $role }.
error-pbx_user_taken_twice = A conta { $user_id } de { $provider } foi indicada duas vezes.
error-agent_number = agente #{ $id }
error-field_required = Preencha o campo { $field }.
error-field_required-contact-name = Indique o nome do contacto.
error-field_required-line-label = Indique a etiqueta da linha.
error-field_required-outcome-code = Indique um código.
error-field_required-outcome-label = Indique a etiqueta do botão.
error-field_required-report-from = Escolha o primeiro dia.
error-field_required-report-to = Escolha o último dia.
error-field_required-name = Indique o nome do agente.
error-field_required-pbx_users = Um agente precisa de uma conta em pelo menos um PABX (supervisores e administradores podem não ter nenhuma).
error-field_required-user_id = Um agente tem de manter uma conta em pelo menos um PABX: indique outra primeiro.
error-field_required-pbx_user = O ID da conta de { $provider } está vazio.
error-field_too_long = O campo { $field } é longo demais (máximo de { $max } caracteres).
error-bad_field = O campo { $field } não está correto: { $detail }
error-bad_field-colour = A cor tem de ter o formato #2e7d32.
error-bad_field-code = Um código é composto por letras, algarismos, _ e - ({ $detail }).
error-bad_field-codes = Os resultados foram alterados entretanto: recarregue a página e mova-o novamente.
error-bad_field-blacklist = A coluna “blacklist” aceita “yes” ou “no”.
error-bad_field-phone = Este número aparece duas vezes no ficheiro ({ $detail }).
error-bad_field-header = A primeira linha tem de indicar os nomes das colunas, pelo menos “phone” e “name”.
error-bad_field-rows = O ficheiro tem linhas a mais ({ $detail }).
error-bad_field-keys = As chaves não podem ser usadas: { $detail }
error-bad_field-from = O primeiro dia tem de ser uma data.
error-bad_field-to = O último dia tem de ser uma data igual ou posterior ao primeiro, no máximo 400 dias depois ({ $detail }).
error-bad_phone = Não é um número de telefone utilizável: { $detail }
error-no_such_agent_named = Não existe nenhum agente ativo { $agent } que possa ser responsável.
error-no_such_contact = Nenhum contacto tem o número { $phone }.
error-no_such_line = Não foi definida aqui nenhuma etiqueta para { $did }.
error-no_such_outcome = Não há nenhum resultado ativo com o código { $code }.
error-body_too_large = Isto é grande demais para o servidor Callcard.
error-bad_body = O servidor Callcard não conseguiu ler o pedido: { $detail }
error-not_configured = As chaves da API não estão definidas.
error-pbx_refused = O PABX recusou as chaves: { $detail }
error-pbx_unreachable = Não foi possível comunicar com o PABX.
error-pbx_unreachable_detail = Não foi possível comunicar com o PABX: { $detail }
error-pbx_bad_answer = O PABX deu uma resposta inutilizável: { $detail }
error-pbx_rate_limited = O PABX está a limitar os pedidos; tente novamente dentro de { $retry_after_secs } s.
error-pbx_rate_limited_soon = O PABX está a limitar os pedidos; tente novamente daqui a pouco.
error-pbx_no_money = A conta do PABX está sem saldo.
error-storage_unavailable = O armazenamento do servidor Callcard não está disponível; tente novamente mais tarde.
error-status = O servidor Callcard respondeu com o código { $status }.

## Nomes de campos dentro de frases ("Preencha o campo {field}."), pelo nome de campo do servidor Callcard.

field-phone = número
field-did = número
field-name = nome
field-company = empresa
field-label = etiqueta
field-colour = cor
field-code = código
field-from = primeiro dia
field-to = último dia

## O menu de idioma no cabeçalho.

app-language = Idioma
app-language-browser = o do navegador

## A lista de resultados com que uma base de dados nova começa, no idioma [ui] do servidor Callcard.

default-outcome-interested = Interessado
default-outcome-call-back = Voltar a ligar mais tarde
default-outcome-not-interested = Sem interesse
default-outcome-wrong-number = Número errado
default-outcome-visit-booked = Visita marcada
