"""Markov-switching regimes of BTC (or an AI-basket factor) and statistics by regime."""

from bubblelink.analytics.regimes._factor import basket_factor
from bubblelink.analytics.regimes._markov import MarkovRegimeResult, MarkovRegimes

__all__ = ["MarkovRegimeResult", "MarkovRegimes", "basket_factor"]
