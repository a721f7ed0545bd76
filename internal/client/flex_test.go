package client

import (
	"encoding/json"
	"testing"
)

func TestFlexInt64(t *testing.T) {
	tests := []struct {
		in      string
		want    FlexInt64
		wantErr bool
	}{
		{`1755548877`, 1755548877, false},
		{`"1755548877"`, 1755548877, false},
		{`" 42 "`, 42, false},
		{`-5`, -5, false},
		{`"-5"`, -5, false},
		{`0`, 0, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`"  "`, 0, false},
		{`1.7e9`, 1700000000, false},
		{`12.9`, 12, false},
		{`"1755548877.25"`, 1755548877, false},
		{`9223372036854775807`, 9223372036854775807, false},
		{`"abc"`, 0, true},
		{`"12abc"`, 0, true},
		{`true`, 0, true},
		{`{}`, 0, true},
		{`[]`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v struct {
				X FlexInt64 `json:"x"`
			}
			v.X = 99 // must be overwritten
			err := json.Unmarshal([]byte(`{"x":`+tt.in+`}`), &v)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("decoded as %d", v.X)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.X != tt.want {
				t.Errorf("got %d, want %d", v.X, tt.want)
			}
		})
	}
}

func TestFlexBool(t *testing.T) {
	tests := []struct {
		in      string
		want    FlexBool
		wantErr bool
	}{
		{`true`, true, false},
		{`false`, false, false},
		{`"true"`, true, false},
		{`"false"`, false, false},
		{`"TRUE"`, true, false},
		{`"True"`, true, false},
		{`1`, true, false},
		{`0`, false, false},
		{`"1"`, true, false},
		{`"0"`, false, false},
		{`""`, false, false},
		{`null`, false, false},
		{`"yes"`, false, true},
		{`2`, false, true},
		{`{}`, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v struct {
				X FlexBool `json:"x"`
			}
			v.X = !tt.want // must be overwritten
			err := json.Unmarshal([]byte(`{"x":`+tt.in+`}`), &v)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("decoded as %v", v.X)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.X != tt.want {
				t.Errorf("got %v, want %v", v.X, tt.want)
			}
		})
	}
}

func TestFlexString(t *testing.T) {
	tests := []struct {
		in      string
		want    FlexString
		wantErr bool
	}{
		{`"106540352242922"`, "106540352242922", false},
		{`106540352242922`, "106540352242922", false},
		{`1234567890123456789012`, "1234567890123456789012", false}, // no float rounding
		{`1.5`, "1.5", false},
		{`""`, "", false},
		{`null`, "", false},
		{`"a\"b"`, `a"b`, false},
		{`true`, "", true},
		{`{}`, "", true},
		{`["x"]`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v struct {
				X FlexString `json:"x"`
			}
			v.X = "old" // must be overwritten
			err := json.Unmarshal([]byte(`{"x":`+tt.in+`}`), &v)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("decoded as %q", v.X)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.X != tt.want {
				t.Errorf("got %q, want %q", v.X, tt.want)
			}
		})
	}
}
