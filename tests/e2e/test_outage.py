"""A memory outage degrades the assistant instead of breaking it (its own topology: it stops MemoryApi)."""
from selenium.webdriver.common.by import By

from pages import send_chat


def test_the_chat_still_answers_when_memoryapi_is_down(topology, browser):
    send_chat(browser, topology.django, "e2e-eve", "I am allergic to peanuts.")
    topology.stop_service("memoryapi")

    reply = send_chat(browser, topology.django, "e2e-eve", "What should I eat today?")

    assert reply.strip()
    assert browser.find_element(By.ID, "memory-status").text.strip()
    assert "Server Error" not in browser.page_source
