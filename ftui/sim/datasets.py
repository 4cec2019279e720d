"""The demo account's data sets: valid files of every format, and files broken on purpose.

A job pointed at a broken one fails its validation stage as on AWS, with AWS's message.
"""

from __future__ import annotations

import json
import random

_QUESTIONS = (
    ("How do I reset my password?", "Open Settings, choose Security, then Reset password."),
    ("Can I export my invoices?", "Yes: Billing, then Invoices, then Export as CSV."),
    ("Why was my card declined?", "Your bank refused the charge; check the card's expiry date."),
    ("How do I add a team member?", "Go to Team, choose Invite, and enter their e-mail address."),
    ("Where is my order?", "Open Orders and choose the order to see its tracking link."),
    ("Can I change my plan?", "Yes, under Billing, Plan; the change applies next cycle."),
)


def _conversations(count: int, seed: int) -> bytes:
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        question, answer = rng.choice(_QUESTIONS)
        lines.append(
            json.dumps(
                {
                    "schemaVersion": "bedrock-conversation-2024",
                    "system": [{"text": "You are a concise support agent."}],
                    "messages": [
                        {"role": "user", "content": [{"text": f"{question} (ticket {i})"}]},
                        {"role": "assistant", "content": [{"text": answer}]},
                    ],
                }
            )
        )
    return ("\n".join(lines) + "\n").encode()


def _prompt_completion(count: int, seed: int) -> bytes:
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        question, answer = rng.choice(_QUESTIONS)
        lines.append(json.dumps({"prompt": f"{question} #{i}", "completion": answer}))
    return ("\n".join(lines) + "\n").encode()


def _haiku(count: int, seed: int) -> bytes:
    rng = random.Random(seed)
    labels = ("billing", "account", "shipping", "product")
    lines = []
    for i in range(count):
        question, _ = rng.choice(_QUESTIONS)
        lines.append(
            json.dumps(
                {
                    "system": "Classify the ticket into one word.",
                    "messages": [
                        {"role": "user", "content": f"{question} (#{i})"},
                        {"role": "assistant", "content": rng.choice(labels)},
                    ],
                }
            )
        )
    return ("\n".join(lines) + "\n").encode()


def _corpus(count: int) -> bytes:
    text = "Amazon Bedrock is a fully managed service that offers foundation models through an API."
    return (
        "\n".join(json.dumps({"input": f"{text} Section {i}."}) for i in range(count)) + "\n"
    ).encode()


def _rft_prompts(count: int, seed: int) -> bytes:
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        a, b = rng.randint(2, 99), rng.randint(2, 99)
        lines.append(
            json.dumps(
                {
                    "id": f"q-{i:04d}",
                    "messages": [{"role": "user", "content": f"What is {a} * {b}?"}],
                    "reference_answer": {"answer": str(a * b)},
                }
            )
        )
    return ("\n".join(lines) + "\n").encode()


def _with_line(data: bytes, number: int, record: dict[str, object]) -> bytes:
    """``data`` with its line ``number`` (1-based) replaced by ``record``."""
    lines = data.splitlines()
    lines[number - 1] = json.dumps(record).encode()
    return b"\n".join(lines) + b"\n"


def _exchange(question: str, *answers: str) -> dict[str, object]:
    """A conversation: the user's question, then turns alternating assistant and user."""
    turns = [{"role": "user", "content": [{"text": question}]}]
    for index, text in enumerate(answers):
        role = "assistant" if index % 2 == 0 else "user"
        turns.append({"role": role, "content": [{"text": text}]})
    return {"schemaVersion": "bedrock-conversation-2024", "messages": turns}


def _questions_and_answers(count: int) -> bytes:
    """Records with the wrong keys for a prompt/completion model (question/answer)."""
    lines = [
        json.dumps({"question": question, "answer": answer})
        for question, answer in (_QUESTIONS * count)[:count]
    ]
    return ("\n".join(lines) + "\n").encode()


def _one_too_long(count: int) -> bytes:
    """Prompt/completion pairs, the last ~5,000 tokens long: over Titan's 4,096."""
    record = {
        "prompt": "Summarize: " + "The meeting moved to Friday. " * 1034,
        "completion": "Moved.",
    }
    return _prompt_completion(count - 1, 11) + json.dumps(record).encode() + b"\n"


DATASETS: dict[str, bytes] = {
    "support/train.jsonl": _conversations(400, 1),
    "support/validation.jsonl": _conversations(60, 2),
    # Big enough that a Nova Pro job trains for a day: the demo's job to watch learning.
    "support/train-large.jsonl": _conversations(6000, 3),
    "summaries/train.jsonl": _prompt_completion(800, 4),
    "summaries/validation.jsonl": _prompt_completion(80, 5),
    "tickets/train.jsonl": _haiku(600, 6),
    "tickets/validation.jsonl": _haiku(60, 7),
    "docs/corpus.jsonl": _corpus(1500),
    "rft/math-prompts.jsonl": _rft_prompts(300, 8),
    "distill/prompts.jsonl": _conversations(500, 9),
    # Broken on purpose: a job pointed at these fails its validation stage.
    "broken/train-bad-json.jsonl": _conversations(20, 10) + b'{"schemaVersion": "bedrock-conv\n',
    "broken/empty.jsonl": b"",
    # Fine for nobody: each breaks one rule of the dataset checker (ftui.core.dataset).
    "broken/train-wrong-keys.jsonl": _questions_and_answers(120),
    "broken/train-ends-with-user.jsonl": _with_line(
        _conversations(40, 12),
        14,
        _exchange("Where is my order?", "Open Orders.", "And the tracking link?"),
    ),
    "broken/train-reserved-word.jsonl": _with_line(
        _conversations(40, 13),
        7,
        _exchange("What did the bot log say?", "It said Assistant: order shipped."),
    ),
    "broken/train-too-few.jsonl": _conversations(5, 14),
    "broken/train-too-long.jsonl": _one_too_long(30),
}
