"""chidao — theo dõi thực hiện văn bản chỉ đạo của Ban Chỉ đạo cấp tỉnh."""

__version__ = "0.1.0"
