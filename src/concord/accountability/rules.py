"""Who may do what: viewers read; editors acknowledge and resolve red flags; the chair of the
forum (or an administrator) accepts or dismisses the agenda items Concord proposes, as they
manage the forum's agenda (governance.manage_meeting)."""

import rules

from concord.access.rules import is_editor, is_viewer

rules.add_perm("accountability.view", is_viewer)
rules.add_perm("accountability.handle_flag", is_editor)
