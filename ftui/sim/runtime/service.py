"""The runtime's state and its one question: what does this model answer to this conversation."""

from __future__ import annotations

from ftui.sim.bedrock.service import BedrockService
from ftui.sim.runtime.answers import Reply, generic, reply, tokens
from ftui.sim.runtime.checks import Conversation
from ftui.sim.runtime.recall import Memory
from ftui.sim.runtime.resolve import resolve


class SimRuntime:
    """bedrock-runtime for the account ``bedrock`` simulates: its deployments, its models."""

    def __init__(self, bedrock: BedrockService) -> None:
        self.bedrock = bedrock
        self.memory = Memory(bedrock.account)

    def reply(self, region: str, model_id: str, conversation: Conversation) -> Reply:
        """The answer, deterministic for the same model, data and conversation.

        A custom model answers what it was trained to answer to the closest example; one
        whose training data cannot be read, or that was never asked anything like it, and
        every base model, answer generically.
        """
        target = resolve(self.bedrock, region, model_id)
        question = conversation.question
        trained = None
        if target.custom is not None:
            trained = self.memory.answer(target.custom, region, question)
        text = trained or generic(question)
        read = sum(tokens(t) for t in conversation.texts)
        return reply(text, read, conversation.max_tokens)
