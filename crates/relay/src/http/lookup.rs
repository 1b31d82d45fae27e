//! What the relay knows about a caller, for the PBX's in-line questions (caller name, route to
//! the responsible agent, blacklist). The provider words the answer in its own reply format.

use callcard_pbx::{CallerContact, Lookup, LookupAnswer};
use callcard_protocol::ProviderId;

use super::AppState;

pub async fn answer(state: &AppState, provider: &ProviderId, lookup: &Lookup) -> LookupAnswer {
    let switches = state.settings.get();
    let mut answer = LookupAnswer {
        redirect_to_responsible: switches.route_to_responsible,
        return_timeout: state.config.routing.return_timeout,
        hide_caller_name: !switches.caller_name_on_phone,
        ..Default::default()
    };
    let Some(phone) = state.config.phone.normalize_lenient(&lookup.caller) else { return answer };
    let contact = match state.store.contact_by_phone(&phone).await {
        Ok(Some(contact)) => contact,
        Ok(None) => return answer,
        Err(e) => {
            // The call must go on even if the lookup cannot: answer "unknown".
            tracing::error!(error = %e, "contact lookup failed");
            return answer;
        }
    };
    answer.responsible_user = contact.responsible.as_ref().and_then(|a| a.pbx_users.get(provider.as_str()).cloned());
    answer.contact = Some(CallerContact {
        name: contact.info.name,
        company: contact.info.company,
        // With the blacklist switched off, nobody is turned away.
        blacklisted: contact.info.blacklisted && switches.blacklist,
    });
    answer
}
