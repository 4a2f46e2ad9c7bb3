"""makemessages without fuzzy matching: msgmerge's guesses attach unrelated translations to
new strings ("notifications" → "报价"), which then look translated but are wrong."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
