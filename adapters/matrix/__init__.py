"""The Matrix adapter (matrix-nio): rooms as chats, polls and reactions as choices."""

from adapters.matrix.adapter import MatrixAdapter, MatrixLoginError
from adapters.matrix.config import MatrixConfig

__all__ = ["MatrixAdapter", "MatrixConfig", "MatrixLoginError"]
