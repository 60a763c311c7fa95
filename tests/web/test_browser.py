"""A real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): log in, ask, read the sources, rate."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    assert shutil.which(CHROMIUM), "chromium is missing: apt-get install chromium (make system-deps)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def login(page, server, user: str) -> None:
    page.goto(server.url)
    page.locator("input[type=text]").first.fill(user)
    page.locator("input[type=password]").fill(server.password(user))
    page.keyboard.press("Enter")
    expect(page.locator("#question textarea")).to_be_visible(timeout=30_000)


def screenshot(page, path) -> None:
    """Save a full-page screenshot with animations stopped; a capture Chromium stalls on is retried once.

    One CI run saw a capture hang for 30 s after the fonts had loaded (it takes 0.2 s here otherwise).
    """
    page.bring_to_front()
    try:
        page.screenshot(path=str(path), full_page=True, animations="disabled", timeout=30_000)
    except PlaywrightTimeoutError:
        page.screenshot(path=str(path), full_page=True, animations="disabled", timeout=60_000)


def test_manager_asks_and_sees_sources(web_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="zh-CN")
    login(page, web_server, "hr")
    expect(page.get_by_role("tab", name="知识管理")).to_have_count(0)  # not an admin
    page.get_by_role("button", name="新对话").click()

    page.locator("#question textarea").fill("跨部门会议纪要应在多长时间内发出？")
    page.keyboard.press("Enter")
    sources = page.locator("#chatbot details summary")
    expect(sources.first).to_be_visible(timeout=60_000)
    expect(page.locator("#chatbot")).to_contain_text("[1]")
    expect(page.locator("#chatbot")).to_contain_text("摘录模式")  # which backend answered
    expect(page.locator("#chatbot")).to_contain_text("用时")

    sources.first.click()
    expect(page.locator("#chatbot details[open] blockquote").first).to_be_visible()
    expect(page.locator("#chatbot details[open]").first).to_contain_text("文件：")

    page.locator("#chatbot button[aria-label='赞']").last.click()
    expect(page.locator("#feedback-status")).to_contain_text("有帮助", timeout=10_000)
    screenshot(page, tmp_path / "chat.png")
    assert (tmp_path / "chat.png").stat().st_size > 10_000

    # the conversation survives a reload
    page.reload()
    expect(page.locator("#question textarea")).to_be_visible(timeout=30_000)
    expect(page.locator("#chatbot")).to_contain_text("跨部门会议纪要应在多长时间内发出", timeout=30_000)
    expect(page.locator("#conversations")).to_contain_text("跨部门会议纪要")
    page.close()


def test_admin_sees_knowledge_tab(web_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="zh-CN")
    login(page, web_server, "admin")
    page.get_by_role("tab", name="知识管理").click()
    expect(page.get_by_text("上传并入库")).to_be_visible(timeout=10_000)
    expect(page.locator("body")).to_contain_text("policies/meetings.md", timeout=30_000)
    page.get_by_text("用户反馈").click()
    expect(page.get_by_text("当前检索适配器：随产品提供的")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="从 👍 反馈学习检索适配器")).to_be_visible()
    screenshot(page, tmp_path / "admin.png")
    assert (tmp_path / "admin.png").stat().st_size > 10_000
    page.close()
