using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// Hub Client Info is unchanged from 2.2.1 to 2.3.0. Every 2.3.0 Role exists in 2.2.1; a 2.2.1 HUB role passes up
// as written (the value is kept), and the 2.3.0 validator flags it before it reaches a 2.3.0 peer.
public static partial class Translator
{
    public static ClientInfo ToCanonical(ClientInfo value, TranslationContext context) => value;
    public static ClientInfo FromCanonical(ClientInfo value, TranslationContext context) => value;
}
