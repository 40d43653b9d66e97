"""Channel connectors: Rasa 3.6's own, subclassed where they fall short (each module says how).

Rasa loads them by module path from the credentials files, e.g.
`connectors.mattermost.MattermostInput` and `connectors.botframework.BotFrameworkInput` in
`credentials.production.yml` (setup: `docs/channels.md`).
"""

from connectors import speedups

speedups.apply()
