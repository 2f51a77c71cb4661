"""What a person does on the sample's pages, in browser steps."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait


def send_chat(browser, base, user, message, incognito=False):
    browser.get(f"{base}/chat/{user}/")
    toggle = browser.find_element(By.ID, "incognito")
    if toggle.is_selected() != incognito:
        toggle.click()
    replies_before = len(browser.find_elements(By.CSS_SELECTOR, ".reply"))
    box = browser.find_element(By.ID, "message")
    box.clear()
    box.send_keys(message)
    browser.find_element(By.ID, "send").click()
    WebDriverWait(browser, 60).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, ".reply")) > replies_before)
    return browser.find_elements(By.CSS_SELECTOR, ".reply")[-1].text


def caregiver_memories(browser, base, user):
    browser.get(f"{base}/caregiver/{user}/")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".memory-text")]


def trace_id(browser):
    return browser.find_element(By.CSS_SELECTOR, 'meta[name="trace-id"]').get_attribute("content")
