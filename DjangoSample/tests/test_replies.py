"""The template reply says it is a template and shows exactly which memories it used."""
from chat.replies import LLM_FAILED_PREFIX, MEMORY_INCOGNITO, MEMORY_UNAVAILABLE, MEMORY_USED, template_reply


def test_lists_the_memories_it_used():
    reply = template_reply("Where do I live?", ["I live in Paris.", "I like dogs."], MEMORY_USED)
    assert reply == (
        "(No LLM configured — template reply.) You said: “Where do I live?” — "
        "I remembered: “I live in Paris.”; “I like dogs.”"
    )


def test_says_when_it_has_no_memories():
    assert template_reply("Hi", [], MEMORY_USED).endswith("— I have no memories about this yet.")


def test_says_when_memory_was_unavailable_or_skipped():
    assert "My memory is not available right now" in template_reply("Hi", [], MEMORY_UNAVAILABLE)
    assert "Incognito is on" in template_reply("Hi", [], MEMORY_INCOGNITO)


def test_llm_failure_has_its_own_label_and_long_messages_are_clipped():
    reply = template_reply("word " * 200, [], MEMORY_USED, prefix=LLM_FAILED_PREFIX)
    assert reply.startswith("(The language model did not answer — template reply.) You said: “word")
    assert len(reply) < 420
